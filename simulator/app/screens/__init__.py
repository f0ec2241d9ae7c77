"""Screens: picker → briefing → call → report; history and help from anywhere."""
