"""Pure functions: no I/O, no ORM. Everything here is testable with plain values."""
