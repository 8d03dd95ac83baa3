from core.roles import is_business_unit


def access(request):
    """Lets the shared layout show the admin link to the business unit only."""
    return {"user_is_business_unit": is_business_unit(request.user)}
