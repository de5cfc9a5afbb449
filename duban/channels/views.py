"""消息渠道 of a bureau, kept by its office: add a robot, a webhook or text messages,
choose the kinds of message each takes, switch it off, test it, see what failed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from duban.channels import services
from duban.channels.models import CHOSEN_KINDS, Channel, ChannelKind, Delivery
from duban.channels.sms import GATEWAYS
from duban.orgs.access import Action, channel_for, organization_for

SMS_FIELDS = ("access_key_id", "sign_name", "template_code", "phones", "max_chars")


def _page(request, org, *, given=None, status=200):
    channels = list(Channel.objects.filter(organization=org))
    recent = (
        Delivery.objects.filter(channel__organization=org)
        .select_related("channel")
        .order_by("-created_at", "-id")[:30]
    )
    context = {
        "org": org,
        "channels": channels,
        "recent": recent,
        "kinds": CHOSEN_KINDS,
        "channel_kinds": ChannelKind.choices,
        "gateway_names": ", ".join(str(g.label) for g in GATEWAYS.values()),
        "given": given or {"kind": "dingtalk", "messages": [k.value for k in CHOSEN_KINDS]},
    }
    return render(request, "channels/channels.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def channels_page(request, pk):
    org = organization_for(request.user, pk, Action.EDIT)
    if request.method == "GET":
        return _page(request, org)
    given = {
        "kind": request.POST.get("kind", ""),
        "name": request.POST.get("name", ""),
        "url": request.POST.get("url", ""),
        "messages": request.POST.getlist("messages"),
        **{f: request.POST.get(f, "") for f in SMS_FIELDS},
    }
    try:
        channel = services.add_channel(
            org,
            actor=request.user,
            kind=given["kind"],
            url=given["url"],
            secret=request.POST.get("secret", ""),
            name=given["name"],
            messages=given["messages"] or None,
            options={f: given[f] for f in SMS_FIELDS},
        )
    except ValidationError as exc:  # the form comes back as typed, but for the secret
        messages.error(request, _("未添加:") + " ".join(exc.messages))
        return _page(request, org, given=given, status=422)
    messages.success(
        request, _("已添加渠道“%(name)s”。") % {"name": channel.name or channel.get_kind_display()}
    )
    return redirect("channels", pk=org.pk)


@login_required
@require_POST
def channel_change(request, pk):
    channel = channel_for(request.user, pk)
    org = channel.organization
    action = request.POST.get("action", "")
    try:
        if action == "delete":
            services.remove_channel(channel, actor=request.user)
            messages.success(request, _("渠道已删除。"))
        elif action == "test":
            sent = services.send_test(channel, actor=request.user)
            if sent.state == "sent":
                messages.success(request, _("测试消息已送达。"))
            else:
                messages.error(request, _("测试消息未送达:%(error)s") % {"error": sent.last_error})
        else:
            services.change_channel(
                channel,
                actor=request.user,
                messages=request.POST.getlist("messages"),
                is_active=request.POST.get("is_active") == "1",
            )
            messages.success(request, _("渠道已保存。"))
    except ValidationError as exc:
        messages.error(request, _("未保存:") + " ".join(exc.messages))
    return redirect("channels", pk=org.pk)
