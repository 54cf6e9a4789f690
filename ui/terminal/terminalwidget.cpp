#include "ui/terminal/terminalwidget.h"

#include "ui/terminal/terminalfindbar.h"
#include "ui/widgets/fixedfont.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QStyleHints>

#include <algorithm>

namespace Econtext {

namespace {

// Output goes into the emulator in slices of at most this many bytes, and for at most
// this long before the event loop gets its turn (input, painting, the rest of the GUI).
constexpr qsizetype SliceBytes = 16 * 1024;
constexpr qint64 DrainBudgetNs = 8'000'000;
// Repaints at most this often, whatever the rate of output.
constexpr int RepaintIntervalMs = 16;
constexpr int Margin = 2;
constexpr int MinimumPointSize = 4;
constexpr int MaximumPointSize = 72;

bool isWordCharacter(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar c = text.at(0);
    return c.isLetterOrNumber() || QStringView(u"-_.~/:@+%?&=#").contains(c);
}

} // namespace

TerminalWidget::TerminalWidget(QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_screen(new TerminalScreen(24, 80, this))
    , m_findBar(new TerminalFindBar(this))
    , m_endedBanner(new QLabel(this))
{
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_InputMethodEnabled);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setCursor(Qt::IBeamCursor);
    // Programs that ask for every motion (?1003h) get moves without a button held too.
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    verticalScrollBar()->setSingleStep(1);

    m_findBar->hide();
    m_endedBanner->hide();
    m_endedBanner->setAutoFillBackground(true);
    m_endedBanner->setMargin(4);
    m_endedBanner->setFrameShape(QFrame::StyledPanel);
    m_endedBanner->setBackgroundRole(QPalette::ToolTipBase);
    m_endedBanner->setForegroundRole(QPalette::ToolTipText);

    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(0);
    connect(&m_drainTimer, &QTimer::timeout, this, &TerminalWidget::drain);
    m_repaintTimer.setSingleShot(true);
    m_repaintTimer.setInterval(RepaintIntervalMs);
    connect(&m_repaintTimer, &QTimer::timeout, this, &TerminalWidget::repaintNow);

    connect(m_screen, &TerminalScreen::input, this, [this](const QByteArray &bytes) {
        if (!m_ended)
            Q_EMIT input(bytes);
    });
    connect(m_screen, &TerminalScreen::damaged, this, &TerminalWidget::onDamaged);
    connect(m_screen, &TerminalScreen::titleChanged, this, &TerminalWidget::titleChanged);
    connect(m_screen, &TerminalScreen::bell, this, &TerminalWidget::bell);
    connect(m_screen, &TerminalScreen::altScreenChanged, this, [this] {
        clearSelection();
        m_match = TerminalMatch{};
        m_followTail = true;
    });

    connect(m_findBar, &TerminalFindBar::findRequested, this, [this](bool backward) {
        m_findBar->setFound(
                find(m_findBar->text(), backward, m_findBar->caseSensitivity()).isValid());
    });
    connect(m_findBar, &TerminalFindBar::textChanged, this, [this](const QString &text) {
        // Searching as one types: the nearest match above the bottom of the view.
        m_match = TerminalMatch{};
        if (text.isEmpty()) {
            m_searchText.clear();
            viewport()->update();
            return;
        }
        m_findBar->setFound(find(text, true, m_findBar->caseSensitivity()).isValid());
    });
    connect(m_findBar, &TerminalFindBar::closed, this, [this] {
        m_searchText.clear();
        m_match = TerminalMatch{};
        setFocus(Qt::OtherFocusReason);
        viewport()->update();
    });

    createActions();
    m_baseFont = fixedFont();
    applyColors();
    applyFont();
}

TerminalWidget::~TerminalWidget() = default;

void TerminalWidget::createActions()
{
    const auto make = [this](const QString &text, const QList<QKeySequence> &keys, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcuts(keys);
        // Only while the terminal (or its find bar) has the focus: elsewhere in the window
        // Ctrl+Shift+C and friends keep their meaning.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_copyAction = make(
            tr("Copy"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)}, &TerminalWidget::copy);
    m_pasteAction = make(tr("Paste"),
                         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V),
                          QKeySequence(Qt::SHIFT | Qt::Key_Insert)},
                         &TerminalWidget::paste);
    m_selectAllAction = make(tr("Select All"),
                             {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A)},
                             &TerminalWidget::selectAll);
    m_findAction = make(tr("Find…"),
                        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)},
                        &TerminalWidget::showFindBar);
    m_clearScrollbackAction = make(tr("Clear Scrollback"), {}, &TerminalWidget::clearScrollback);
    m_zoomInAction = make(tr("Zoom In"),
                          {QKeySequence(Qt::CTRL | Qt::Key_Equal),
                           QKeySequence(Qt::CTRL | Qt::Key_Plus),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Plus)},
                          &TerminalWidget::zoomIn);
    m_zoomOutAction = make(
            tr("Zoom Out"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)}, &TerminalWidget::zoomOut);
    m_resetZoomAction = make(
            tr("Reset Zoom"), {QKeySequence(Qt::CTRL | Qt::Key_0)}, &TerminalWidget::resetZoom);
}

QList<QAction *> TerminalWidget::menuActions() const
{
    return {m_copyAction,
            m_pasteAction,
            m_selectAllAction,
            nullptr,
            m_findAction,
            m_clearScrollbackAction,
            nullptr,
            m_zoomInAction,
            m_zoomOutAction,
            m_resetZoomAction};
}

// Output ------------------------------------------------------------------------------------

void TerminalWidget::feed(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    m_queue.emplace_back(bytes.toByteArray());
    m_queued += bytes.size();
    if (!m_drainTimer.isActive())
        m_drainTimer.start();
}

void TerminalWidget::drain()
{
    QElapsedTimer clock;
    clock.start();
    qint64 done = 0;
    while (!m_queue.empty()) {
        const QByteArray &front = m_queue.front();
        const qsizetype n = std::min(SliceBytes, front.size() - m_queueOffset);
        m_screen->write(QByteArrayView(front).sliced(m_queueOffset, n));
        m_queueOffset += n;
        done += n;
        if (m_queueOffset == front.size()) {
            m_queue.pop_front();
            m_queueOffset = 0;
        }
        if (clock.nsecsElapsed() >= DrainBudgetNs)
            break;
    }
    m_queued -= done;
    if (!m_queue.empty())
        m_drainTimer.start();
    if (done > 0)
        Q_EMIT bytesProcessed(done);
}

void TerminalWidget::onDamaged()
{
    if (!m_repaintTimer.isActive())
        m_repaintTimer.start();
}

void TerminalWidget::repaintNow()
{
    updateScrollBar();
    viewport()->update();
}

void TerminalWidget::setEnded(const QString &status)
{
    m_ended = true;
    m_endStatus = status;
    m_endedBanner->setText(status);
    m_endedBanner->setVisible(!status.isEmpty());
    m_pasteAction->setEnabled(false);
    // The status goes under the screen, not over its last row; the grid keeps its size (no
    // program to tell), and the view scrolls to the bottom.
    setViewportMargins(0, 0, 0, status.isEmpty() ? 0 : m_endedBanner->sizeHint().height());
    placeOverlays();
    scrollToBottom();
    viewport()->update();
}

// Scrollback and scrolling ------------------------------------------------------------------

void TerminalWidget::setScrollbackLimit(int lines)
{
    m_screen->setScrollbackLimit(lines);
    updateScrollBar();
}

void TerminalWidget::clearScrollback()
{
    m_screen->clearScrollback();
    m_followTail = true;
    updateScrollBar();
    viewport()->update();
}

int TerminalWidget::topLine() const
{
    return verticalScrollBar()->value();
}

bool TerminalWidget::isAtBottom() const
{
    return verticalScrollBar()->value() >= lastTopLine();
}

int TerminalWidget::visibleRows() const
{
    return std::max(1, (viewport()->height() - 2 * Margin) / m_renderer.cellSize().height());
}

int TerminalWidget::lastTopLine() const
{
    // The screen's rows all fit, except after the end, when the status bar took some room.
    return m_screen->historyLines() + std::max(0, m_screen->rows() - visibleRows());
}

void TerminalWidget::scrollToBottom()
{
    m_followTail = true;
    updateScrollBar();
}

void TerminalWidget::updateScrollBar()
{
    QScrollBar *bar = verticalScrollBar();
    const int history = lastTopLine();
    m_updatingScrollBar = true;
    bar->setRange(0, history);
    bar->setPageStep(visibleRows());
    if (m_followTail) {
        bar->setValue(history);
    } else {
        const qint64 index = m_topLineId - m_screen->firstLineId();
        bar->setValue(int(std::clamp<qint64>(index, 0, history)));
    }
    m_updatingScrollBar = false;
}

void TerminalWidget::scrollContentsBy(int, int)
{
    if (!m_updatingScrollBar) {
        m_followTail = isAtBottom();
        m_topLineId = m_screen->firstLineId() + topLine();
    }
    viewport()->update();
}

void TerminalWidget::ensureLineVisible(int line)
{
    const int top = topLine();
    if (line >= top && line < top + visibleRows())
        return;
    const int last = lastTopLine();
    const int value = std::clamp(line - visibleRows() / 2, 0, last);
    m_followTail = value >= last;
    m_topLineId = m_screen->firstLineId() + value;
    updateScrollBar();
}

// Geometry, fonts and colours ---------------------------------------------------------------

QSize TerminalWidget::sizeHint() const
{
    const QSize cell = m_renderer.cellSize();
    const int scrollBar = verticalScrollBar()->sizeHint().width();
    return QSize(80 * cell.width() + 2 * Margin + scrollBar + 2 * frameWidth(),
                 24 * cell.height() + 2 * Margin + 2 * frameWidth());
}

void TerminalWidget::applyFont()
{
    QFont font = m_baseFont;
    const qreal base = m_baseFont.pointSizeF() > 0 ? m_baseFont.pointSizeF() : 10;
    font.setPointSizeF(std::clamp<qreal>(base + m_zoom, MinimumPointSize, MaximumPointSize));
    m_renderer.setFont(font);
    updateGeometry();
    updateGridSize();
    viewport()->update();
}

void TerminalWidget::setTerminalFont(const QFont &font)
{
    m_baseFont = monospacedFont(font);
    applyFont();
}

void TerminalWidget::zoomIn()
{
    const qreal base = m_baseFont.pointSizeF() > 0 ? m_baseFont.pointSizeF() : 10;
    if (base + m_zoom < MaximumPointSize) {
        ++m_zoom;
        applyFont();
    }
}

void TerminalWidget::zoomOut()
{
    const qreal base = m_baseFont.pointSizeF() > 0 ? m_baseFont.pointSizeF() : 10;
    if (base + m_zoom > MinimumPointSize) {
        --m_zoom;
        applyFont();
    }
}

void TerminalWidget::resetZoom()
{
    m_zoom = 0;
    applyFont();
}

void TerminalWidget::applyColors()
{
    const QPalette pal = palette();
    m_screen->setDefaultColors(pal.color(QPalette::Text).rgb(), pal.color(QPalette::Base).rgb());
    TerminalRenderer::Colors colors;
    colors.selectionBackground = pal.color(QPalette::Active, QPalette::Highlight);
    colors.selectionForeground = pal.color(QPalette::Active, QPalette::HighlightedText);
    colors.matchBackground = QColor(0xfc, 0xe9, 0x4f);
    colors.currentMatchBackground = QColor(0xf5, 0x79, 0x00);
    colors.matchForeground = Qt::black;
    colors.cursor = pal.color(QPalette::Text);
    m_renderer.setColors(colors);
    viewport()->update();
}

void TerminalWidget::updateGridSize()
{
    if (m_ended) {
        updateScrollBar();
        return;
    }
    const QSize cell = m_renderer.cellSize();
    const QSize area = viewport()->size() - QSize(2 * Margin, 2 * Margin);
    const int rows = std::max(1, area.height() / cell.height());
    const int cols = std::max(1, area.width() / cell.width());
    if (rows == m_screen->rows() && cols == m_screen->columns())
        return;
    m_screen->resize(rows, cols);
    updateScrollBar();
    Q_EMIT sizeChanged(rows, cols);
}

void TerminalWidget::placeOverlays()
{
    const QRect area = viewport()->geometry();
    const QSize bar = m_findBar->sizeHint();
    const int width = std::min(area.width() - 8, std::max(bar.width(), 360));
    m_findBar->setGeometry(area.right() - width - 4, area.top() + 4, width, bar.height());
    m_endedBanner->setGeometry(
            area.left(), area.bottom() + 1, area.width(), m_endedBanner->sizeHint().height());
    m_findBar->raise();
    m_endedBanner->raise();
}

void TerminalWidget::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateGridSize();
    placeOverlays();
}

void TerminalWidget::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColors();
}

// Painting ----------------------------------------------------------------------------------

QList<TerminalRenderer::Range> TerminalWidget::visibleMatches(int firstLine, int count) const
{
    QList<TerminalRenderer::Range> matches;
    if (m_searchText.isEmpty())
        return matches;
    const int last = std::min(firstLine + count, m_screen->lineCount());
    for (int line = std::max(0, firstLine); line < last; ++line) {
        QList<int> columns;
        const QString text = m_screen->lineText(line, &columns);
        for (qsizetype at = text.indexOf(m_searchText, 0, m_searchCase); at >= 0;
             at = text.indexOf(m_searchText, at + m_searchText.size(), m_searchCase)) {
            const qsizetype end = at + m_searchText.size() - 1;
            const int endColumn
                    = columns[end] + std::max(1, m_screen->cell(line, columns[end]).width);
            matches.append({line, columns[at], line, endColumn});
        }
    }
    return matches;
}

TerminalRenderer::Range TerminalWidget::selectionRange() const
{
    if (!m_hasSelection)
        return {};
    const Point start = std::min(m_anchor, m_extent);
    const Point end = std::max(m_anchor, m_extent);
    const qint64 first = m_screen->firstLineId();
    TerminalRenderer::Range range{
            int(start.lineId - first), start.column, int(end.lineId - first), end.column};
    if (range.startLine < 0) {
        range.startLine = 0;
        range.startColumn = 0;
    }
    if (range.endLine < 0)
        return {};
    return range;
}

void TerminalWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QRgb background = m_screen->isReverseVideo() ? m_screen->defaultForeground()
                                                       : m_screen->defaultBackground();
    painter.fillRect(viewport()->rect(), QColor::fromRgb(background));
    const int first = topLine();
    // One more than fits, for the part of a row below the last whole one.
    const int count = visibleRows() + 1;
    TerminalRenderer::Decorations decorations;
    decorations.selection = selectionRange();
    decorations.matches = visibleMatches(first, count);
    if (m_match.isValid()) {
        const int line = int(m_match.lineId - m_screen->firstLineId());
        decorations.currentMatch = {line, m_match.column, line, m_match.column + m_match.length};
    }
    decorations.showCursor = !m_ended;
    decorations.focused = hasFocus();
    m_renderer.paint(painter, *m_screen, QPoint(Margin, Margin), first, count, decorations);
}

// Keys --------------------------------------------------------------------------------------

QAction *TerminalWidget::actionFor(const QKeyEvent *event) const
{
    const QKeySequence pressed(
            QKeyCombination(event->modifiers() & ~Qt::KeypadModifier, Qt::Key(event->key())));
    const QList<QAction *> own = actions();
    for (QAction *action : own) {
        for (const QKeySequence &shortcut : action->shortcuts()) {
            if (shortcut.matches(pressed) == QKeySequence::ExactMatch)
                return action;
        }
    }
    return nullptr;
}

bool TerminalWidget::takesKey(const QKeyEvent *event) const
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    // Keys the window may want (switching tabs, its own Ctrl+Shift shortcuts) go to it
    // first; if it has no use for them they still reach keyPressEvent().
    if (mods & Qt::ControlModifier) {
        switch (event->key()) {
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
            return false;
        default:
            break;
        }
        if (mods & Qt::ShiftModifier)
            return false;
    }
    // Text, and the keys up to Key_Shift (Escape, Tab, Return, arrows, Home, ...), and the
    // function keys; not the modifiers themselves or media keys.
    const int key = event->key();
    return (key != Qt::Key_unknown && key < Qt::Key_Shift)
           || (key >= Qt::Key_F1 && key <= Qt::Key_F35) || !event->text().isEmpty();
}

bool TerminalWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // The terminal's own keys are handled in keyPressEvent() rather than as shortcuts:
        // a window action on the same key (the main window's Ctrl+Shift+C) would make both
        // ambiguous, and neither would fire.
        auto *key = static_cast<QKeyEvent *>(event);
        if (actionFor(key) || (!m_ended && takesKey(key))) {
            key->accept();
            return true;
        }
    }
    return QAbstractScrollArea::event(event);
}

void TerminalWidget::keyPressEvent(QKeyEvent *event)
{
    if (QAction *action = actionFor(event)) {
        if (action->isEnabled())
            action->trigger();
        event->accept();
        return;
    }
    if (event->modifiers() == Qt::ShiftModifier
        && (event->key() == Qt::Key_PageUp || event->key() == Qt::Key_PageDown)) {
        const int step = std::max(1, visibleRows() - 1);
        verticalScrollBar()->setValue(topLine() + (event->key() == Qt::Key_PageUp ? -step : step));
        return;
    }
    if (m_ended) {
        event->ignore();
        return;
    }
    if (m_screen->sendKey(event)) {
        event->accept();
        scrollToBottom();
        return;
    }
    event->ignore();
}

void TerminalWidget::inputMethodEvent(QInputMethodEvent *event)
{
    if (!m_ended && !event->commitString().isEmpty()) {
        m_screen->sendText(event->commitString());
        scrollToBottom();
    }
    event->accept();
}

QVariant TerminalWidget::inputMethodQuery(Qt::InputMethodQuery query) const
{
    if (query == Qt::ImCursorRectangle) {
        const QSize cell = m_renderer.cellSize();
        const QPoint cursor = m_screen->cursorPosition();
        const int row = m_screen->historyLines() + cursor.y() - topLine();
        const QRect rect(Margin + cursor.x() * cell.width(),
                         Margin + row * cell.height(),
                         cell.width(),
                         cell.height());
        return rect.translated(viewport()->pos());
    }
    if (query == Qt::ImEnabled)
        return !m_ended;
    return QAbstractScrollArea::inputMethodQuery(query);
}

void TerminalWidget::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    m_screen->setFocused(true);
    viewport()->update();
}

void TerminalWidget::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    m_screen->setFocused(false);
    viewport()->update();
}

// Selection, clipboard and search -----------------------------------------------------------

QString TerminalWidget::selectedText() const
{
    const TerminalRenderer::Range range = selectionRange();
    if (range.isEmpty())
        return QString();
    return m_screen->text(range.startLine, range.startColumn, range.endLine, range.endColumn);
}

void TerminalWidget::setSelection(int startLine, int startColumn, int endLine, int endColumn)
{
    const qint64 first = m_screen->firstLineId();
    m_anchor = Point{first + startLine, startColumn};
    m_extent = Point{first + endLine, endColumn};
    m_hasSelection = m_anchor != m_extent;
    viewport()->update();
}

void TerminalWidget::selectAll()
{
    setSelection(0, 0, m_screen->lineCount() - 1, m_screen->columns());
}

void TerminalWidget::clearSelection()
{
    m_hasSelection = false;
    m_selecting = false;
    viewport()->update();
}

void TerminalWidget::copy()
{
    if (m_hasSelection)
        QGuiApplication::clipboard()->setText(selectedText());
}

void TerminalWidget::copySelectionToSelectionClipboard()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (m_hasSelection && clipboard->supportsSelection())
        clipboard->setText(selectedText(), QClipboard::Selection);
}

void TerminalWidget::paste()
{
    if (m_ended)
        return;
    const QString text = QGuiApplication::clipboard()->text();
    if (text.isEmpty())
        return;
    m_screen->paste(text);
    scrollToBottom();
}

void TerminalWidget::showFindBar()
{
    if (m_hasSelection) {
        const QString selected = selectedText();
        if (!selected.contains(u'\n'))
            m_findBar->lineEdit()->setText(selected);
    }
    placeOverlays();
    m_findBar->activate();
}

TerminalMatch TerminalWidget::find(const QString &text, bool backward, Qt::CaseSensitivity cs)
{
    const bool again
            = m_match.isValid() && text.compare(m_searchText, cs) == 0 && cs == m_searchCase;
    m_searchText = text;
    m_searchCase = cs;
    int line = 0;
    int column = 0;
    if (again) {
        line = int(m_match.lineId - m_screen->firstLineId());
        column = m_match.column;
    } else if (backward) {
        // From the bottom of the view upwards.
        line = topLine() + visibleRows() - 1;
        column = m_screen->columns();
    } else {
        // From the top of the view downwards, the first line included.
        line = topLine();
        column = -1;
    }
    if (line < 0) {
        line = 0;
        column = -1;
    }
    m_match = m_screen->find(text, line, column, backward, cs);
    if (m_match.isValid())
        ensureLineVisible(int(m_match.lineId - m_screen->firstLineId()));
    viewport()->update();
    return m_match;
}

// Mouse -------------------------------------------------------------------------------------

QPoint TerminalWidget::cellAt(QPoint pos) const
{
    const QSize cell = m_renderer.cellSize();
    const int column = std::clamp((pos.x() - Margin) / cell.width(), 0, m_screen->columns() - 1);
    const int row = std::clamp((pos.y() - Margin) / cell.height(), 0, visibleRows() - 1);
    return QPoint(column, topLine() + row);
}

TerminalWidget::Point TerminalWidget::boundaryAt(QPoint pos) const
{
    const QSize cell = m_renderer.cellSize();
    const int column = std::clamp(
            (pos.x() - Margin + cell.width() / 2) / cell.width(), 0, m_screen->columns());
    const int row = std::clamp((pos.y() - Margin) / cell.height(), 0, visibleRows() - 1);
    return Point{m_screen->firstLineId() + topLine() + row, column};
}

bool TerminalWidget::reportsMouse(const QMouseEvent *event) const
{
    // Shift+mouse selects even while the program takes the mouse, as in xterm.
    return !m_ended && m_screen->isMouseReporting() && !(event->modifiers() & Qt::ShiftModifier);
}

void TerminalWidget::reportMouseButton(const QMouseEvent *event, bool pressed)
{
    int button = 0;
    switch (event->button()) {
    case Qt::LeftButton:
        button = 1;
        break;
    case Qt::MiddleButton:
        button = 2;
        break;
    case Qt::RightButton:
        button = 3;
        break;
    default:
        return;
    }
    const QPoint cell = cellAt(event->position().toPoint());
    m_screen->mouseMove(cell.y() - m_screen->historyLines(), cell.x(), event->modifiers());
    m_screen->mouseButton(button, pressed, event->modifiers());
}

void TerminalWidget::mousePressEvent(QMouseEvent *event)
{
    setFocus(Qt::MouseFocusReason);
    if (reportsMouse(event)) {
        reportMouseButton(event, true);
        return;
    }
    if (event->button() == Qt::LeftButton) {
        // A press soon after a double click is a triple click (timed by the events'
        // own timestamps, as Qt times double clicks).
        if (m_doubleClickAt != 0
            && event->timestamp() - m_doubleClickAt
                       < ulong(QGuiApplication::styleHints()->mouseDoubleClickInterval())) {
            m_doubleClickAt = 0;
            selectLine(event->position().toPoint());
            return;
        }
        m_anchor = m_extent = boundaryAt(event->position().toPoint());
        m_hasSelection = false;
        m_selecting = true;
        viewport()->update();
    } else if (event->button() == Qt::MiddleButton && !m_ended) {
        const QString text = QGuiApplication::clipboard()->text(QClipboard::Selection);
        if (!text.isEmpty()) {
            m_screen->paste(text);
            scrollToBottom();
        }
    }
}

void TerminalWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (reportsMouse(event) && !m_selecting) {
        const QPoint cell = cellAt(event->position().toPoint());
        m_screen->mouseMove(cell.y() - m_screen->historyLines(), cell.x(), event->modifiers());
        return;
    }
    if (!m_selecting)
        return;
    const QPoint pos = event->position().toPoint();
    // Dragging past the top or bottom scrolls the scrollback.
    if (pos.y() < 0)
        verticalScrollBar()->setValue(topLine() - 1);
    else if (pos.y() >= viewport()->height())
        verticalScrollBar()->setValue(topLine() + 1);
    m_extent = boundaryAt(pos);
    m_hasSelection = m_anchor != m_extent;
    viewport()->update();
}

void TerminalWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (reportsMouse(event) && !m_selecting) {
        reportMouseButton(event, false);
        return;
    }
    if (event->button() == Qt::LeftButton && m_selecting) {
        m_selecting = false;
        copySelectionToSelectionClipboard();
    }
}

void TerminalWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (reportsMouse(event)) {
        reportMouseButton(event, true);
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    selectWord(event->position().toPoint());
    m_doubleClickAt = std::max<quint64>(1, event->timestamp());
}

void TerminalWidget::selectWord(QPoint pos)
{
    const QPoint cell = cellAt(pos);
    const int line = cell.y();
    if (!isWordCharacter(m_screen->cell(line, cell.x()).text()))
        return;
    int start = cell.x();
    int end = cell.x() + 1;
    while (start > 0 && isWordCharacter(m_screen->cell(line, start - 1).text()))
        --start;
    while (end < m_screen->columns() && isWordCharacter(m_screen->cell(line, end).text()))
        ++end;
    setSelection(line, start, line, end);
    m_selecting = false;
    copySelectionToSelectionClipboard();
}

void TerminalWidget::selectLine(QPoint pos)
{
    const int line = cellAt(pos).y();
    setSelection(line, 0, line, m_screen->columns());
    m_selecting = false;
    copySelectionToSelectionClipboard();
}

void TerminalWidget::wheelEvent(QWheelEvent *event)
{
    const int notches = event->angleDelta().y() / 120;
    if (notches == 0 || m_ended) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    if (m_screen->isMouseReporting() && !(event->modifiers() & Qt::ShiftModifier)) {
        const QPoint cell = cellAt(event->position().toPoint());
        m_screen->mouseMove(cell.y() - m_screen->historyLines(), cell.x(), event->modifiers());
        for (int i = 0; i < std::abs(notches); ++i) {
            m_screen->mouseButton(notches > 0 ? 4 : 5, true, event->modifiers());
            m_screen->mouseButton(notches > 0 ? 4 : 5, false, event->modifiers());
        }
        event->accept();
        return;
    }
    if (m_screen->isAltScreen()) {
        // A full-screen program (less, man, vim) scrolls with the arrow keys, as in xterm.
        const int lines = std::abs(notches) * QApplication::wheelScrollLines();
        QKeyEvent arrow(QEvent::KeyPress, notches > 0 ? Qt::Key_Up : Qt::Key_Down, Qt::NoModifier);
        for (int i = 0; i < lines; ++i)
            m_screen->sendKey(&arrow);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void TerminalWidget::contextMenuEvent(QContextMenuEvent *event)
{
    if (event->reason() == QContextMenuEvent::Mouse && !m_ended && m_screen->isMouseReporting()
        && !(event->modifiers() & Qt::ShiftModifier)) {
        return; // the right button went to the program
    }
    m_copyAction->setEnabled(m_hasSelection);
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    m_pasteAction->setEnabled(!m_ended && mime && mime->hasText());
    QMenu menu(this);
    for (QAction *action : menuActions()) {
        if (action)
            menu.addAction(action);
        else
            menu.addSeparator();
    }
    menu.exec(event->globalPos());
    m_copyAction->setEnabled(true);
    m_pasteAction->setEnabled(!m_ended);
}

} // namespace Econtext
