"""The enterprise pages in a real browser: login, HTMX filters, detail, import errors, phone width.

Data: the shared ``build_world()`` (county A and B, a user per role) plus three more county-A
enterprises, so that every filter has something to leave out. Everybody logs in through the
real login form as the county-A coordinator ("coordinator").
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import Workbook, load_workbook

from anjian.core.models import Enterprise
from anjian.core.tests.browser.conftest import browser_required
from anjian.core.tests.factories import EnterpriseFactory, SectorFactory, valid_credit_code
from conftest import World, build_world

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest skips (or fails) with the reason
    if browser_required():
        raise
    pytest.skip("the Python package playwright is not installed", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

COORDINATOR = "coordinator"
PASSWORD = "Test-password-2026"  # what UserFactory sets
PHONE = {"width": 375, "height": 812}  # iPhone X/11 Pro/12 mini/13 mini CSS pixels
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# How many lines the text of an element takes on screen.
LINES_OF_TEXT = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""
# Elements HTMX marks while a request, swap or settle is under way.
HTMX_IDLE = (
    "document.querySelectorAll('.htmx-request, .htmx-swapping, .htmx-settling').length === 0"
)


@dataclass
class BrowserWorld:
    world: World
    storage: Enterprise  # county A, 危险化学品 (like enterprise_a), in town A2
    builder: Enterprise  # county A, 建筑施工
    long_name: Enterprise  # county A, name and address long enough to wrap on a phone


@pytest.fixture
def data(transactional_db) -> BrowserWorld:
    """Committed rows: the live server reads them from its own thread and connection."""
    world = build_world()
    chem = world.enterprise_a.sector
    construction = SectorFactory(code="construction", name="建筑施工", is_high_risk=True)
    storage = EnterpriseFactory(
        name="甲二危化品储运有限公司",
        region=world.town_a2,
        sector=chem,
        supervising_department=world.dept_a,
        responsible_inspector=world.enterprise_a.responsible_inspector,
        principal_name="王五",
    )
    builder = EnterpriseFactory(
        name="甲一建筑工程有限公司",
        region=world.town_a1,
        sector=construction,
        supervising_department=world.dept_a_other,
        responsible_inspector=world.enterprise_a2.responsible_inspector,
    )
    long_name = EnterpriseFactory(
        name="甲县某某新材料科技股份有限公司甲一镇第二生产基地（危险化学品仓储分公司）",
        region=world.town_a1,
        sector=chem,
        supervising_department=world.dept_a,
        responsible_inspector=world.enterprise_a.responsible_inspector,
        address="甲县甲一镇工业园区纬三路与经七路交叉口东北角新材料产业园B区17号厂房",
    )
    return BrowserWorld(world, storage, builder, long_name)


def login(page, username: str = COORDINATOR, password: str = PASSWORD) -> None:
    """Sign in through the real login form and wait for the page it leads to."""
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def mark_document(page) -> None:
    """Tag the current document; ``assert_same_document`` fails after a full page load."""
    page.evaluate("window.__anjianSameDocument = true")


def assert_same_document(page) -> None:
    assert page.evaluate("window.__anjianSameDocument === true"), "the page was fully reloaded"


def htmx_list_response(**params: str):
    """Predicate: the HTMX request of the enterprise list whose query has these ``params``."""

    def matches(response) -> bool:
        url = urlsplit(response.url)
        query = parse_qs(url.query, keep_blank_values=True)
        return (
            url.path == "/enterprises/"
            and response.request.headers.get("hx-request") == "true"
            and all(query.get(k) == [v] for k, v in params.items())
        )

    return matches


def result_names(page) -> list[str]:
    return page.locator("#results tbody tr td:first-child a").all_inner_texts()


def test_login_through_the_form(page, data, live_server, shot):
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    shot(page, "01-login")

    # A wrong password: the Chinese message, still on the login page, username kept.
    login(page, COORDINATOR, "Wrong-password-2026")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.locator(".messages li.error")).to_contain_text(
        "用户名或密码不正确。连续5次错误后，账号将被锁定15分钟。"
    )
    expect(page.get_by_label("用户名")).to_have_value(COORDINATOR)
    expect(page.get_by_label("密码")).to_have_value("")
    shot(page, "01-login-wrong-password")

    login(page)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    expect(page).to_have_title(re.compile("^工作台"))
    # County A: the two world enterprises and the three added here; county B's is not counted.
    expect(page.locator(".stat").first).to_contain_text("5")
    shot(page, "01-home")


def test_enterprise_list_filters_by_sector_and_search_without_reload(page, data, shot):
    world = data.world
    login(page)
    page.goto("/enterprises/")
    expect(page.get_by_role("heading", level=1)).to_have_text("生产经营单位")
    county_a = [
        world.enterprise_a.name,
        world.enterprise_a2.name,
        data.storage.name,
        data.builder.name,
        data.long_name.name,
    ]
    expect(page.locator("#results tbody tr")).to_have_count(len(county_a))
    assert sorted(result_names(page)) == sorted(county_a)
    expect(page.locator("#results")).not_to_contain_text(world.enterprise_b.name)
    mark_document(page)

    # 行业领域: choosing a sector fires HTMX on "change" and swaps #results only.
    chem_id = str(world.enterprise_a.sector_id)
    with page.expect_response(htmx_list_response(sector=chem_id)):
        page.get_by_label("行业领域").select_option(label="危险化学品")
    page.wait_for_function(HTMX_IDLE)
    chemical = [world.enterprise_a.name, data.storage.name, data.long_name.name]
    expect(page.locator("#results tbody tr")).to_have_count(len(chemical))
    assert sorted(result_names(page)) == sorted(chemical)
    for absent in (world.enterprise_a2.name, data.builder.name, world.enterprise_b.name):
        expect(page.locator("#results")).not_to_contain_text(absent)
    assert_same_document(page)
    expect(page).to_have_url(re.compile(rf"sector={chem_id}"))  # hx-push-url

    # 搜索, typed key by key: HTMX fires on keyup after a 400 ms pause. Chinese text typed
    # through Playwright sends no key events (like a paste), so Enter commits it, as an IME
    # user would; the filter form's "submit" trigger keeps it an HTMX request.
    search = page.get_by_label("搜索")
    search.press_sequentially("储运")
    with page.expect_response(htmx_list_response(q="储运", sector=chem_id)):
        search.press("Enter")
    page.wait_for_function(HTMX_IDLE)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert result_names(page) == [data.storage.name]
    assert_same_document(page)
    shot(page, "02-enterprise-list-filtered")

    # Typing a credit code (ASCII keys) triggers the search by itself, no Enter.
    search.fill("")
    with page.expect_response(htmx_list_response(q="", sector="")):
        page.get_by_label("行业领域").select_option(value="")
    page.wait_for_function(HTMX_IDLE)
    code = data.builder.credit_code
    with page.expect_response(htmx_list_response(q=code)):
        search.press_sequentially(code)
    page.wait_for_function(HTMX_IDLE)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert result_names(page) == [data.builder.name]
    assert_same_document(page)

    # County B's enterprise stays invisible whatever is asked for, even by its full code.
    search.fill("")
    with page.expect_response(htmx_list_response(q=world.enterprise_b.credit_code)):
        search.press_sequentially(world.enterprise_b.credit_code)
    page.wait_for_function(HTMX_IDLE)
    expect(page.locator("#results tbody")).to_contain_text("没有符合条件的单位。")
    expect(page.locator("#results")).not_to_contain_text(world.enterprise_b.name)
    assert_same_document(page)


def test_enterprise_detail_from_the_list(page, data, shot):
    login(page)
    page.goto("/enterprises/")
    target = data.storage
    with page.expect_navigation():
        page.get_by_role("link", name=target.name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/enterprises/{target.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(target.name)
    props = page.locator("dl.props")
    expect(props.locator("dt", has_text="统一社会信用代码")).to_be_visible()
    expect(props.locator("dt:text-is('统一社会信用代码') + dd")).to_have_text(target.credit_code)
    expect(props.locator("dt:text-is('行业监管部门') + dd")).to_have_text(data.world.dept_a.name)
    expect(props.locator("dt:text-is('行业领域') + dd")).to_contain_text("危险化学品")
    shot(page, "03-enterprise-detail")

    # Another county's enterprise answers 404, never the record.
    response = page.goto(f"/enterprises/{data.world.enterprise_b.pk}/")
    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text(data.world.enterprise_b.credit_code)


def _import_workbook(headers: list[str], values: dict[str, object]) -> bytes:
    """An .xlsx with ``headers`` and one data row (Excel row 2) filled from ``values``."""
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    ws.append([_value_for(h, values) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _value_for(header: str, values: dict[str, object]):
    """Match a template header ("统一社会信用代码*", "单位名称（必填）") to a known value."""
    bare = re.sub(r"[\s*＊]|[（(].*?[）)]", "", header)
    return values.get(bare, "")


def test_import_with_an_invalid_credit_code_shows_row_errors_and_imports_nothing(
    page, data, live_server, shot, tmp_path
):
    world = data.world
    login(page)

    # The import template, fetched with the logged-in session: its header row is the contract.
    template = page.request.get(f"{live_server.url}/enterprises/import/template/")
    assert template.ok, f"import template: HTTP {template.status}"
    assert XLSX in template.headers.get("content-type", "")
    path = tmp_path / "template.xlsx"
    path.write_bytes(template.body())
    sheet = load_workbook(path, read_only=True).worksheets[0]
    headers = [str(c) for c in next(sheet.iter_rows(values_only=True)) if c]
    assert any("统一社会信用代码" in h for h in headers), headers

    good_code = valid_credit_code()
    bad_code = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")  # wrong check char
    name = "甲县导入测试化工有限公司"
    values = {
        "统一社会信用代码": bad_code,
        "单位名称": name,
        "行业领域": "危险化学品",
        "国民经济行业代码": "",
        "企业规模": "小型",
        "从业人数": 30,
        "属地": world.town_a1.name,
        "属地(乡镇)": world.town_a1.name,
        "属地乡镇": world.town_a1.name,
        "地址": "甲县甲一镇导入路1号",
        "行业监管部门": world.dept_a.name,
        "监管责任人": "insp_a",  # a login of 甲县应急管理局
        "主要负责人": "李四",
        "主要负责人电话": "13900139000",
    }
    upload = tmp_path / "单位导入-信用代码错误.xlsx"
    upload.write_bytes(_import_workbook(headers, values))

    response = page.goto("/enterprises/import/")
    assert response is not None and response.ok, f"/enterprises/import/ answered {response}"
    expect(page.get_by_role("heading", level=1)).to_contain_text("导入")
    page.locator("input[type=file][name=file]").set_input_files(upload)
    with page.expect_navigation():  # a plain form post: the page answers with the errors
        page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_load_state("networkidle")

    # Everything else in the row is valid, so the credit code is the one error: Excel row 2.
    errors = page.locator("table.import-errors")
    expect(errors).to_be_visible()
    expect(errors.locator("tbody tr")).to_have_count(1)
    cells = [t.strip() for t in errors.locator("tbody tr td").all_inner_texts()]
    assert cells[0] == "2", cells
    assert any("统一社会信用代码" in c for c in cells[:-1]), cells
    assert cells[-1], f"no reason given: {cells}"
    expect(page.locator("body")).to_contain_text("未导入任何数据")
    shot(page, "04-import-error")
    assert not Enterprise.objects.filter(name=name).exists()
    assert not Enterprise.objects.filter(credit_code=bad_code).exists()


def test_enterprise_list_fits_a_375px_phone(open_page, data, shot):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    login(page)
    page.goto("/enterprises/")
    expect(page.locator("#results tbody tr")).to_have_count(5)

    width = page.evaluate("document.documentElement.scrollWidth")
    body = page.evaluate("document.body.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width}px wide at 375px (body {body}px)"
    # The wide table scrolls inside its own box instead of widening the page.
    wrap = page.locator("#results .table-wrap")
    scroll, client = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert client <= PHONE["width"] and scroll > client, (scroll, client)
    # Short Chinese cells stay on one line (甲一镇, not one character per line).
    town = page.locator("#results tbody td", has_text=data.world.town_a2.name).first
    assert town.evaluate(LINES_OF_TEXT) == 1, "the town name is broken across lines"

    nav = page.get_by_role("navigation", name="主菜单")
    expect(nav).to_be_hidden()
    shot(page, "05-enterprise-list-375px")

    # The ☰ button: white on the red bar, big enough for a thumb, and it opens the menu.
    toggle = page.locator("label.nav-toggle-label")
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    assert toggle.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    toggle.click()
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="生产经营单位")).to_be_visible()
    expect(nav.get_by_role("link", name="部门")).to_be_visible()
    expect(nav.get_by_role("button", name="退出")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(page, "05-enterprise-list-375px-menu", full_page=False)

    with page.expect_navigation():
        nav.get_by_role("link", name="部门").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("部门")

    # Without a pointer: Tab reaches the menu toggle and Space opens the menu.
    expect(nav).to_be_hidden()
    page.locator("body").focus()
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="菜单")).to_be_focused()
    page.keyboard.press("Space")
    expect(nav).to_be_visible()


def test_other_pages_fit_a_375px_phone(open_page, data, shot):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    login(page)
    pages = {
        "home": "/",
        "enterprise-detail": f"/enterprises/{data.long_name.pk}/",
        "enterprise-form": f"/enterprises/{data.long_name.pk}/edit/",
        "enterprise-import": "/enterprises/import/",
        "departments": "/departments/",
        "regions": "/regions/",
        "users": "/users/",
        "audit": "/audit/",
    }
    too_wide = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.ok, (url, response and response.status)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            too_wide[url] = width
        shot(page, f"06-{name}-375px")
    assert not too_wide, f"pages wider than the 375px screen: {too_wide}"


def test_pages_speak_simplified_chinese(page, data):
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_label("密码")).to_be_visible()
    login(page)
    page.goto("/enterprises/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_title("生产经营单位 · 安监")
    expect(page.locator(".brand")).to_contain_text("安全生产综合监管平台")
    headers = page.locator("#results thead th").all_inner_texts()
    assert headers[:3] == ["单位名称", "统一社会信用代码", "行业领域"], headers
    for label in ("搜索", "行业领域", "属地(含下级)", "行业监管部门", "企业规模"):
        # Django's label_tag adds the suffix ":" ("搜索:").
        expect(page.get_by_label(re.compile(rf"^{re.escape(label)}[:：]?$"))).to_be_attached()
    expect(page.get_by_role("button", name="筛选")).to_be_visible()
    expect(page.locator("nav.pagination")).to_contain_text("共 5 条")
