"""What every page shows of the user: how many site notices are unread."""

from django.utils.functional import SimpleLazyObject

from duban.orgs.models import Notification


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_count": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at=None).count()
        )
    }
