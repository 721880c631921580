"""nnviz delivery: everything that turns scenes into things people use.

The ``nnviz`` command (:mod:`nnviz_delivery.cli`), rendering with sidecars, lecture builds,
media plumbing, blog kits, the gallery and player, and watch. Delivery knows scenes only through
:mod:`scenes.registry` and the sidecar; it is the top layer, and nothing imports it.
"""
