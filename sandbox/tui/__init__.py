"""The builder's TUI (Textual). Import ``sandbox.tui.app`` only when you run it: Textual
is the slowest part of startup, and headless front ends never need it."""
