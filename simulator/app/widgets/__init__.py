"""One widget per module; screens import the modules they use (keeps start-up imports small)."""
