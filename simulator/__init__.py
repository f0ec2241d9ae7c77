"""The dialogue engine, scenarios, sessions, results store, CLI and (in `simulator.app`) the Textual app."""
