"""Clients of the outside services the platform reads: DMI (weather), Eloverblik (meter data),
the CVR register (company data) and Energi Data Service (hourly CO2 of electricity).

Each service is a module of its own here. A client is real code that talks to the service when
its settings are present and says so plainly when they are not; it returns plain typed values
(dataclasses), never models, so that the apps that store the data (energy, organisations) stay
the only writers of their tables. The tests drive every client with answers recorded from the
service's documented format, kept in ``tests/recorded/``; no test touches the network.
"""
