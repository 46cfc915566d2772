"""Pure energy and CO2e arithmetic: plain typed Python with Decimal, no Django.

The models feed these functions with plain values; everything here is tested on its own,
including with property-based tests.
"""
