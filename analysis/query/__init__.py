"""Tables + filters → the frames the pages draw: filter registry, prepared tables, aggregates."""
