import sys
import time

from django.core.management.base import BaseCommand

from duban.orgs.models import Organization
from duban.supervision.scale import Scale, assign_to_all, generate


class Command(BaseCommand):
    help = (
        "Generate a province-size data set for benchmarks (duban generate): bureaus × tasks × "
        "sub-items × years of quarterly reports and readings, and one task the province "
        "hands to every bureau (accepted, with readings)."
    )

    def add_arguments(self, parser):
        defaults = Scale()
        parser.add_argument("--bureaus", type=int, default=defaults.bureaus)
        parser.add_argument("--tasks", type=int, default=defaults.tasks)
        parser.add_argument("--sub-items", type=int, default=defaults.sub_items)
        parser.add_argument("--targets", type=int, default=defaults.targets_per_item)
        parser.add_argument("--years", type=int, default=defaults.years)
        parser.add_argument("--name", default="演示省民政厅", help="the province's name")

    def handle(self, **options):
        scale = Scale(
            bureaus=options["bureaus"],
            tasks=options["tasks"],
            sub_items=options["sub_items"],
            targets_per_item=options["targets"],
            years=options["years"],
        )
        start = time.perf_counter()
        self.stdout.write(f"生成 {scale.bureaus} 个区县局,预计 {scale.readings:,} 条指标读数")

        def progress(counts):
            if sys.stderr.isatty():
                sys.stderr.write(f"\r{counts['bureaus']}/{scale.bureaus} 区县局")

        counts = generate(scale, province_name=options["name"], progress=progress)
        province = Organization.objects.get(name=options["name"])
        counts["assigned"] = assign_to_all(province).receipts.count()
        seconds = time.perf_counter() - start
        summary = ", ".join(f"{k} {v:,}" for k, v in counts.items())
        self.stdout.write(f"\n已生成:{summary}(用时 {seconds:.1f} 秒)")
