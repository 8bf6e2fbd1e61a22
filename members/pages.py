"""`partnership_page`: every partnership page's decorator, with the members app's view of a user's rights."""

from core.pages import partnership_page_decorator
from members.access import access_for
from partnership.selectors import partnership_get_for_user

partnership_page = partnership_page_decorator(resolve=partnership_get_for_user, access_for=access_for)
