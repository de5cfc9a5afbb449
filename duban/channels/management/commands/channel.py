from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from duban.channels import services
from duban.channels.models import CHOSEN_KINDS, Channel, ChannelKind, DeliveryState
from duban.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "A bureau's message channels (duban channel): add a 钉钉, 企业微信 or 飞书 group robot, "
        "a JSON webhook or text messages (短信) through a gateway, list them, send a test "
        "message to each."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a channel")
        add.add_argument("--org", required=True, help="the bureau's full name")
        add.add_argument("--kind", required=True, choices=ChannelKind.values)
        add.add_argument("--url", required=True, help="the robot's webhook address")
        add.add_argument("--secret", default="", help="the robot's signing secret (加签)")
        sms = add.add_argument_group("sms (阿里云短信服务: --url https://dysmsapi.aliyuncs.com/)")
        sms.add_argument("--key-id", default="", help="AccessKey ID (the secret: --secret)")
        sms.add_argument("--sign-name", default="", help="the approved 短信签名")
        sms.add_argument("--template", default="", help="the approved template's code")
        sms.add_argument("--phones", default="", help="the receiving numbers, comma-separated")
        add.add_argument("--name", default="")
        add.add_argument(
            "--messages",
            default="",
            help="comma-separated kinds of message (default all): "
            + ",".join(k.value for k in CHOSEN_KINDS),
        )
        for name in ("list", "test"):
            one = sub.add_parser(name, help=f"{name} the bureau's channels")
            one.add_argument("--org", required=True, help="the bureau's full name")

    def handle(self, *args, action, org, **opts):
        organization = Organization.objects.filter(name=org).first()
        if organization is None:
            raise CommandError(f"没有名为“{org}”的机构")
        if action == "add":
            try:
                channel = services.add_channel(
                    organization,
                    actor=None,
                    kind=opts["kind"],
                    url=opts["url"],
                    secret=opts["secret"],
                    name=opts["name"],
                    messages=[m for m in opts["messages"].split(",") if m.strip()],
                    options={
                        "access_key_id": opts["key_id"],
                        "sign_name": opts["sign_name"],
                        "template_code": opts["template"],
                        "phones": opts["phones"],
                    },
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(
                f"已添加渠道 {channel.pk}:{channel.get_kind_display()} {channel.shown_url}"
            )
        elif action == "list":
            channels = Channel.objects.filter(organization=organization)
            if not channels:
                self.stdout.write(f"{organization.name} 还没有消息渠道")
            for c in channels:
                state = "启用" if c.is_active else "停用"
                self.stdout.write(
                    f"{c.pk}\t{c.kind}\t{state}\t{c.shown_url}\t{'加签' if c.secret else '-'}"
                    f"\t{','.join(c.messages)}"
                )
        else:
            channels = Channel.objects.filter(organization=organization, is_active=True)
            if not channels:
                raise CommandError(f"{organization.name} 还没有消息渠道")
            failed = 0
            for channel in channels:
                sent = services.send_test(channel, actor=None)
                if sent.state == DeliveryState.SENT:
                    self.stdout.write(f"{channel.shown_url}:已送达")
                else:
                    failed += 1
                    self.stdout.write(f"{channel.shown_url}:失败({sent.last_error})")
            if failed:
                raise CommandError(f"{failed} 个渠道未送达")
