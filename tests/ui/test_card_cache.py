"""Cached card pictures look exactly like cards painted afresh, and never outlive what they show."""

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPixmapCache
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from advisor_app.ui.card_cache import CachedCardDelegate
from advisor_app.ui.cards import CardDelegate
from advisor_app.ui.models import CardRole, InPlanRole


def picture(delegate, view, index, selected=False) -> QImage:
    image = QImage(320, 60, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(10, 6, 300, 44)
    option.font = view.font()
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    return image


def same(first: QImage, second: QImage) -> bool:
    """Equal but for antialiased edges rounded one level apart (drawn on a transparent picture
    first, then onto the list, rather than onto the list at once)."""
    if first.size() != second.size():
        return False
    for y in range(first.height()):
        for x in range(first.width()):
            a, b = first.pixelColor(x, y), second.pixelColor(x, y)
            if (
                max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))
                > 1
            ):
                return False
    return True


def test_a_cached_card_is_the_card(window):
    view = window.catalog_panel.view
    model = view.model()
    plain = CardDelegate(view, show_in_plan=True, title_lines=1)
    cached = CachedCardDelegate(view, show_in_plan=True, title_lines=1)
    QPixmapCache.clear()
    for row in (0, 5, 12):
        index = model.index(row)
        for selected in (False, True):
            fresh = picture(plain, view, index, selected)
            first = picture(cached, view, index, selected)  # drawn where it goes
            second = picture(cached, view, index, selected)  # drawn, then kept
            again = picture(cached, view, index, selected)  # copied from the cache
            assert first == fresh and same(second, fresh) and again == second


def test_a_card_whose_data_changed_is_drawn_again(window):
    panel = window.catalog_panel
    view, model = panel.view, panel.model
    cached = CachedCardDelegate(view, show_in_plan=True, title_lines=1)
    plain = CardDelegate(view, show_in_plan=True, title_lines=1)
    code = next(
        c for c in model.codes if not model.data(model.index(model.codes.index(c)), InPlanRole)
    )
    row = model.codes.index(code)
    before = picture(cached, view, model.index(row))
    term = window.catalog_panel.target.itemData(1)
    assert window.editor.add(code, term)
    assert model.data(model.index(row), InPlanRole)  # now greyed, "✓ in plan"
    after = picture(cached, view, model.index(row))
    assert not same(after, before) and same(after, picture(plain, view, model.index(row)))


def test_the_role_a_card_reads_first_is_part_of_its_key(window):
    """A role the painting reads for the first time (a look added later) keys the picture too."""
    view = window.catalog_panel.view
    cached = CachedCardDelegate(view, show_in_plan=True, title_lines=1)
    assert cached._roles == {}
    picture(cached, view, view.model().index(0))
    # Everything a card shows comes in one role (CardLook), asked for once per card.
    assert set(cached._roles) == {int(CardRole)}
