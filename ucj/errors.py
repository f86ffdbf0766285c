class UserError(Exception):
    """A mistake a person can fix; the message is one Indonesian sentence saying what and how."""
