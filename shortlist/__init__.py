"""The composition root of shortlist: the only package that knows every service.

`shortlist.registry` lists the services; `shortlist.roles` runs one role of one
service (web, consumer, relay) as a process of its own, as production does;
`shortlist.embedded` runs everything in one process on embedded defaults; and
`shortlist.cli` is the `shortlist` command. Services never import this package.
"""
