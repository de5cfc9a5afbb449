"""Long tables a page at a time, the pager's links keeping the rest of the query."""

from django.test import RequestFactory

from duban.paging import page_of


def test_a_long_table_is_paged_and_a_bad_page_number_is_the_nearest_page():
    rows = list(range(450))
    request = RequestFactory().get("/", {"date": "2023-08-15", "page": "3"})
    pager, keep = page_of(request, rows)
    assert list(pager) == list(range(400, 450)) and pager.paginator.num_pages == 3
    assert keep == "date=2023-08-15"
    for bad, first in (("x", 0), ("-1", 400), ("999", 400)):
        pager, _keep = page_of(RequestFactory().get("/", {"page": bad}), rows)
        assert pager[0] == first, bad
