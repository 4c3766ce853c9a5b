"""The organisation: the generated org graph, imported org charts and textbook structures.

``organisation`` builds the formal hierarchy and informal ties; ``chart`` reads a
client's org chart; ``structures`` draws the flat graphs the reduced forms use.
"""
