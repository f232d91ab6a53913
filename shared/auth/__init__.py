"""Who is asking: accounts, passwords, access tokens, candidate links and the Flask guard.

Secretariat and panel users sign in once (`shared.auth.accounts`, its own database)
and get a signed, expiring access token that every service checks on its own with the
shared secret key: no service calls another to know who is asking. Candidates have no
account: they reach their own application through an unguessable signed link.
"""

from shared.auth.tokens import Principal, TokenSigner

__all__ = ["Principal", "TokenSigner"]
