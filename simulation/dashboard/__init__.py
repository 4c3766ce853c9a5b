"""The teaching dashboard: a Solara page that plays the model live in a browser.

``session`` holds one run and renders its pictures (no Solara involved),
``app`` is the page, ``server`` starts it (``adoptsim dashboard``).

Why plain Solara components with matplotlib pictures rather than Mesa's
``SolaraViz``: the network needs a fixed, cached layout, role markers, tie
kinds and a legend; the redraw must reuse a still background (blitting) to
keep ten weeks a second; a lever must restart the run and keep the previous
curve for comparison; and the page must load with no CDN. All of that is
easier to control in a small page of our own than through SolaraViz's
portrayal hooks, while the model stays an ordinary ``mesa.Model``.
"""
