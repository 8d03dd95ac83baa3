"""The demo board, by concept: its people and bodies, meetings and papers, governance
records, performance figures and reports. `load_demo` loads them in that order, each part
reading what the one before made."""
