"""The teaching dashboard: a Solara page that plays the model live in a browser.

``session`` holds one run and renders its pictures (no Solara involved),
``app`` is the page, ``server`` starts it (``adoptsim dashboard``).
"""
