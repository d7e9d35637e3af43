"""One module per publisher: wire-format constants and pure `parse_*(raw: bytes)` readers."""
