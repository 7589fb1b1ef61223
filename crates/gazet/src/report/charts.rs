//! The report's charts, each an SVG string drawn with plotters' SVG
//! backend: horizontal bars (the top entities of a type, the match kinds),
//! the mentions and documents over time, and the score histogram.
//!
//! plotters gives the axes, ticks and scales; the bar labels are drawn as
//! plain text beside the plot area, so each bar has its label whatever
//! the number of bars (plotters' discrete axes place one value badly). The
//! text's width is only estimated (plotters is built without its font
//! feature, which would need the system's fonts), so labels are shortened
//! to a number of characters that fits their room.
//!
//! Each function returns an error message instead of a chart when plotters
//! fails; the callers show it in place of the chart. They are called only
//! with something to draw: the messages for empty data are the page's.

use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::text::{clean, shorten, thousands};
use super::{ScoreBin, TimePoint};

/// The area charts are drawn on.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// What drawing on it may fail with.
pub(crate) type DrawError = DrawingAreaErrorKind<std::io::Error>;

/// The colour of text and axes.
pub(crate) const INK: RGBColor = RGBColor(0x33, 0x3a, 0x42);
/// The colour of the grid.
const GRID: RGBColor = RGBColor(0xe3, 0xe7, 0xeb);
/// The colour of charts without an entity type.
pub(crate) const NEUTRAL: RGBColor = RGBColor(0x4e, 0x79, 0xa7);
/// The colour of the documents line.
const SECOND: RGBColor = RGBColor(0xf2, 0x8e, 0x2b);

/// The width of a chart as wide as the page's sections, in pixels.
pub(crate) const FULL_WIDTH: u32 = 1010;
/// The width of a chart in half a section.
pub(crate) const HALF_WIDTH: u32 = 495;

/// A text style of `px` pixels (plotters writes sizes divided by 1.24).
pub(crate) fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FontFamily::SansSerif, px * 1.24)).color(&INK)
}

/// Runs `draw` on a new `w` by `h` SVG and returns the SVG.
pub(crate) fn svg(
    w: u32,
    h: u32,
    draw: impl FnOnce(&Area<'_>) -> Result<(), DrawError>,
) -> Result<String, String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(buf)
}

/// `c` mixed with `amount` of white, opaque.
pub(crate) fn lighten(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (v as f64 + (255.0 - v as f64) * amount).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// An axis number: 27,496.
fn axis(v: &u64) -> String {
    thousands(*v)
}

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    /// The label left of the bar.
    pub label: String,
    /// The bar's length.
    pub value: u64,
    /// A part of it drawn lighter (e.g. the mentions in datelines).
    pub part: u64,
    /// The text right of the bar.
    pub note: String,
    /// The bar's colour.
    pub colour: RGBColor,
}

/// The height of a row of a bar chart.
const ROW: u32 = 24;

/// A horizontal bar chart, the first bar on top; labels get `label_width`
/// pixels and are shortened to fit.
pub(crate) fn hbars(
    bars: &[Bar],
    width: u32,
    label_width: u32,
    x_desc: &str,
) -> Result<String, String> {
    let n = bars.len();
    let height = 14 + ROW * n as u32 + 44;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let x_max = max.saturating_add(max / 40).max(1);
    // 7.2 pixels a character at 12.5 pixels is a wide sans-serif's average.
    let chars = ((label_width.saturating_sub(14)) as f64 / 7.2) as usize;
    svg(width, height, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(10)
            .margin_bottom(4)
            .margin_left(4)
            .margin_right(120)
            .x_label_area_size(40)
            .y_label_area_size(label_width)
            .build_cartesian_2d(0u64..x_max, 0f64..n as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_label_formatter(&axis)
            .x_label_style(font(11.5))
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(INK.mix(0.6))
            .x_desc(x_desc)
            .axis_desc_style(font(12.0))
            .draw()?;
        let label_style = font(12.5).pos(Pos::new(HPos::Right, VPos::Center));
        let note_style = font(12.0).pos(Pos::new(HPos::Left, VPos::Center));
        for (i, bar) in bars.iter().enumerate() {
            let top = (n - i) as f64 - 0.18;
            let bottom = (n - i - 1) as f64 + 0.18;
            let middle = (n - i) as f64 - 0.5;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0, bottom), (bar.value, top)],
                bar.colour.filled(),
            )))?;
            let part = bar.part.min(bar.value);
            if part > 0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0, bottom), (part, top)],
                    lighten(bar.colour, 0.55).filled(),
                )))?;
            }
            let (x0, y) = chart.backend_coord(&(0, middle));
            root.draw(&Text::new(
                clean(&shorten(&bar.label, chars)),
                (x0 - 8, y),
                label_style.clone(),
            ))?;
            let (x1, _) = chart.backend_coord(&(bar.value, middle));
            root.draw(&Text::new(
                clean(&bar.note),
                (x1 + 6, y),
                note_style.clone(),
            ))?;
        }
        Ok(())
    })
}

/// At most this many periods are labelled on the time axis.
const TIME_LABELS: usize = 10;

/// Mentions (above) and documents (below) per period, as two charts over
/// the same periods.
pub(crate) fn timeline(points: &[TimePoint], unit: &str) -> Result<String, String> {
    let n = points.len();
    let (upper_h, lower_h) = (250u32, 190u32);
    // One period alone goes in the middle rather than on the axis.
    let (x0, x1) = if n <= 1 {
        (-1i64, 1i64)
    } else {
        (0, n as i64 - 1)
    };
    let period = |i: &i64| -> String {
        usize::try_from(*i)
            .ok()
            .and_then(|i| points.get(i))
            .map(|p| clean(&shorten(&p.period, 12)))
            .unwrap_or_default()
    };
    let markers = n <= 60;
    svg(FULL_WIDTH, upper_h + lower_h, |root| {
        let (upper, lower) = root.split_vertically(upper_h);
        // Each panel: its area, what it counts, its colour, the count of a
        // point, and whether it has the time axis.
        type Panel<'a, 'b> = (
            &'a Area<'b>,
            &'static str,
            RGBColor,
            fn(&TimePoint) -> u64,
            bool,
        );
        let panels: [Panel<'_, '_>; 2] = [
            (&upper, "mentions", NEUTRAL, |p| p.mentions, false),
            (&lower, "documents", SECOND, |p| p.documents, true),
        ];
        for (area, what, colour, value, x_axis) in panels {
            let max = points.iter().map(value).max().unwrap_or(0).max(1);
            let y_max = max.saturating_add(max / 12).max(1);
            let mut chart = ChartBuilder::on(area)
                .margin_top(12)
                .margin_right(24)
                .margin_left(4)
                .x_label_area_size(if x_axis { 46 } else { 0 })
                .y_label_area_size(78)
                .build_cartesian_2d(x0..x1, 0u64..y_max)?;
            let mut mesh = chart.configure_mesh();
            mesh.disable_x_mesh()
                .y_labels(if x_axis { 4 } else { 6 })
                .y_label_formatter(&axis)
                .x_labels(TIME_LABELS.min(n.max(1)))
                .x_label_formatter(&period)
                .label_style(font(11.5))
                .bold_line_style(GRID)
                .light_line_style(TRANSPARENT)
                .axis_style(INK.mix(0.6))
                .y_desc(what)
                .axis_desc_style(font(12.0));
            if x_axis {
                mesh.x_desc(unit);
            }
            mesh.draw()?;
            let series = points.iter().enumerate().map(|(i, p)| (i as i64, value(p)));
            if !x_axis {
                chart.draw_series(AreaSeries::new(series.clone(), 0, colour.mix(0.15)))?;
            }
            chart.draw_series(LineSeries::new(series.clone(), colour.stroke_width(2)))?;
            if markers {
                chart.draw_series(series.map(|c| Circle::new(c, 3, colour.filled())))?;
            }
        }
        Ok(())
    })
}

/// Counts that span more than this ratio are drawn on a log scale.
const LOG_RATIO: u64 = 50;

/// The score histogram: one bar per bin over [0, 1], on a log scale when
/// the largest bin would flatten the others.
pub(crate) fn histogram(bins: &[ScoreBin]) -> Result<String, String> {
    let bins: Vec<(f64, f64, u64)> = bins
        .iter()
        .filter(|b| b.lower.is_finite() && b.upper.is_finite())
        .map(|b| (b.lower.clamp(0.0, 1.0), b.upper.clamp(0.0, 1.0), b.mentions))
        .filter(|(l, u, _)| l < u)
        .collect();
    let max = bins.iter().map(|b| b.2).max().unwrap_or(0).max(1);
    let min = bins
        .iter()
        .map(|b| b.2)
        .filter(|&m| m > 0)
        .min()
        .unwrap_or(1);
    if max / min >= LOG_RATIO {
        // Bars start at 0.5, below the first mention: a bin of one
        // mention still shows.
        let y: LogCoord<f64> = (0.5f64..max as f64 * 2.0).log_scale().into();
        histogram_on(&bins, y, 0.5, "mentions (log scale)", 6)
    } else {
        let y_max = max.saturating_add(max / 12).max(1) as f64;
        histogram_on(
            &bins,
            RangedCoordf64::from(0f64..y_max),
            0.0,
            "mentions",
            5.min(max as usize + 1),
        )
    }
}

fn histogram_on<Y: Ranged<ValueType = f64> + ValueFormatter<f64>>(
    bins: &[(f64, f64, u64)],
    y: Y,
    base: f64,
    y_desc: &str,
    y_labels: usize,
) -> Result<String, String> {
    // Whole numbers only: the axis counts mentions.
    let count = |v: &f64| {
        if v.is_finite() && *v >= 0.0 && (v - v.round()).abs() < 1e-6 {
            thousands(v.round() as u64)
        } else {
            String::new()
        }
    };
    svg(HALF_WIDTH, 300, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(12)
            .margin_right(16)
            .margin_left(4)
            .x_label_area_size(40)
            .y_label_area_size(74)
            .build_cartesian_2d(0f64..1f64, y)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(11)
            .x_label_formatter(&|v| format!("{v:.1}"))
            .y_labels(y_labels)
            .y_label_formatter(&count)
            .label_style(font(11.5))
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(INK.mix(0.6))
            .x_desc("score")
            .y_desc(y_desc)
            .axis_desc_style(font(12.0))
            .draw()?;
        chart.draw_series(bins.iter().filter(|b| b.2 > 0).map(|&(l, u, m)| {
            let mut r = Rectangle::new([(l, base), (u, m as f64)], NEUTRAL.filled());
            r.set_margin(0, 0, 1, 1);
            r
        }))?;
        Ok(())
    })
}
