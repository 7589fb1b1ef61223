//! The picture of the entities named together: a deterministic
//! force-directed layout, labels placed where they overlap least, drawn
//! with plotters.
//!
//! The layout is Fruchterman and Reingold's: linked nodes attract, all
//! nodes repel, a weak pull to the centre keeps lone nodes in. It starts
//! from fixed places on a circle, grouped by entity type, and runs a fixed
//! number of steps, so the same network always gives the same picture:
//! the arithmetic is done in a fixed order and uses only what IEEE 754
//! rounds the same on every machine (+, -, ×, ÷, square roots; the circle's
//! cosines come from their series, not from the platform's library), and
//! the places are rounded to whole pixels. Nodes are sized by
//! their mentions, lines by the units naming both, colours by type.
//!
//! Labels go right of a node, or left, above, below or on a diagonal,
//! whichever overlaps the labels already placed and the other nodes least;
//! the most mentioned nodes are labelled first, so they get the best places.

use std::collections::BTreeMap;
use std::f64::consts::PI;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::charts::{font, svg, FULL_WIDTH};
use super::text::{clean, label, shorten, Palette};
use super::{NetNode, Network};

/// At most this many nodes are drawn (the first ones of the network).
pub(crate) const MAX_NODES: usize = 80;
/// The picture's height for `n` nodes: taller when there are more.
fn height(n: usize) -> u32 {
    (420 + 8 * n.min(MAX_NODES) as u32).clamp(480, 900)
}
/// The most mentioned nodes, this many, are always labelled; the others
/// only where their label covers almost nothing.
const ALWAYS_LABELLED: usize = 30;
/// What "almost nothing" is, in pixels² of label or node under a label.
const ROOM: f64 = 30.0;
/// Room for labels on the left and right of the picture, and at the top
/// and bottom.
const PAD_X: f64 = 70.0;
const PAD_Y: f64 = 34.0;
/// Labels longer than this are shortened.
const LABEL_CHARS: usize = 30;
/// The estimated width of a label character, and a label's height, at
/// 12 pixels.
const CHAR_W: f64 = 6.9;
const LABEL_H: f64 = 15.0;
/// The layout's steps.
const STEPS: usize = 400;

/// The network's nodes (at most [`MAX_NODES`]) and its edges between them,
/// merged by pair, without loops or indices out of range, in a fixed order.
pub(crate) fn clean_graph(net: &Network) -> (&[NetNode], Vec<(usize, usize, u64)>) {
    let nodes = &net.nodes[..net.nodes.len().min(MAX_NODES)];
    let mut pairs: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for e in &net.edges {
        if e.a == e.b || e.a >= nodes.len() || e.b >= nodes.len() {
            continue;
        }
        let key = (e.a.min(e.b), e.a.max(e.b));
        let w = pairs.entry(key).or_insert(0);
        *w = w.saturating_add(e.weight);
    }
    let edges = pairs.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    (nodes, edges)
}

/// Where a label stands against its anchor (plotters' `HPos` has no
/// equality, which the tests need).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
    Center,
}

impl From<Align> for HPos {
    fn from(a: Align) -> HPos {
        match a {
            Align::Left => HPos::Left,
            Align::Right => HPos::Right,
            Align::Center => HPos::Center,
        }
    }
}

/// A point of the layout.
#[derive(Debug, Clone, Copy, PartialEq)]
struct P {
    x: f64,
    y: f64,
}

/// The cosine and sine of `x` in [0, 2π], from their Taylor series: only
/// additions, multiplications and divisions, which IEEE 754 rounds the same
/// everywhere, where the platform's `cos` and `sin` may differ in the last
/// bit, so the layout is the same on every machine.
fn cos_sin(x: f64) -> (f64, f64) {
    // Around π, so that |y| <= π and forty terms are plenty:
    // cos x = -cos y, sin x = -sin y.
    let y = x - PI;
    let (mut cos, mut sin) = (0.0, 0.0);
    // term = y^k / k!
    let mut term = 1.0;
    for k in 0..40u32 {
        let sign = if (k / 2) % 2 == 0 { 1.0 } else { -1.0 };
        if k % 2 == 0 {
            cos += sign * term;
        } else {
            sin += sign * term;
        }
        term *= y / f64::from(k + 1);
    }
    (-cos, -sin)
}

/// The positions of `nodes` in [-1, 1]², after [`STEPS`] steps from a
/// circle on which the nodes of a type are neighbours.
fn layout(nodes: &[NetNode], edges: &[(usize, usize, u64)]) -> Vec<P> {
    let n = nodes.len();
    if n == 0 {
        return Vec::new();
    }
    // The circle's order: by type (in the order the types first appear),
    // then as given.
    let mut types: Vec<&str> = Vec::new();
    for node in nodes {
        if !types.contains(&node.entity_type.as_str()) {
            types.push(&node.entity_type);
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| {
        let t = types.iter().position(|t| *t == nodes[i].entity_type);
        (t, i)
    });
    let mut pos = vec![P { x: 0.0, y: 0.0 }; n];
    for (k, &i) in order.iter().enumerate() {
        let angle = 2.0 * PI * k as f64 / n as f64;
        pos[i] = P {
            x: 0.9 * cos_sin(angle).0,
            y: 0.9 * cos_sin(angle).1,
        };
    }
    if n == 1 {
        return vec![P { x: 0.0, y: 0.0 }];
    }
    let k = (4.0 / n as f64).sqrt() * 0.8;
    let max_w = edges.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
    let strength: Vec<f64> = edges
        .iter()
        .map(|e| 0.35 + 0.65 * (e.2 as f64 / max_w).sqrt())
        .collect();
    let mut disp = vec![P { x: 0.0, y: 0.0 }; n];
    for step in 0..STEPS {
        let t = 0.12 * (1.0 - step as f64 / STEPS as f64) + 0.002;
        for d in disp.iter_mut() {
            *d = P { x: 0.0, y: 0.0 };
        }
        for i in 0..n {
            for j in (i + 1)..n {
                let (mut dx, mut dy) = (pos[i].x - pos[j].x, pos[i].y - pos[j].y);
                let mut d2 = dx * dx + dy * dy;
                if d2 < 1e-12 {
                    // Two nodes on one point: part them the same way
                    // every time.
                    dx = 1e-3 * (1.0 + (i % 7) as f64);
                    dy = 1e-3 * (1.0 + (j % 5) as f64);
                    d2 = dx * dx + dy * dy;
                }
                let f = k * k / d2;
                disp[i].x += dx * f;
                disp[i].y += dy * f;
                disp[j].x -= dx * f;
                disp[j].y -= dy * f;
            }
        }
        for (e, s) in edges.iter().zip(&strength) {
            let (a, b) = (e.0, e.1);
            let (dx, dy) = (pos[a].x - pos[b].x, pos[a].y - pos[b].y);
            let d = (dx * dx + dy * dy).sqrt();
            let f = d / k * s;
            disp[a].x -= dx * f;
            disp[a].y -= dy * f;
            disp[b].x += dx * f;
            disp[b].y += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            // The pull to the centre.
            let dx = d.x - p.x * 0.6 * k;
            let dy = d.y - p.y * 0.6 * k;
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let step = len.min(t);
                p.x += dx / len * step;
                p.y += dy / len * step;
            }
        }
    }
    pos
}

/// A node placed on the picture: centre and radius in pixels.
#[derive(Debug, Clone, Copy)]
struct Dot {
    x: f64,
    y: f64,
    r: f64,
}

/// A box: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
struct Rect(f64, f64, f64, f64);

impl Rect {
    /// The length of the segment from `p` to `q` inside the box
    /// (Liang and Barsky's clipping).
    fn crossing(&self, p: (f64, f64), q: (f64, f64)) -> f64 {
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (step, room) in [
            (-dx, p.0 - self.0),
            (dx, self.2 - p.0),
            (-dy, p.1 - self.1),
            (dy, self.3 - p.1),
        ] {
            if step == 0.0 {
                if room < 0.0 {
                    return 0.0;
                }
            } else {
                let t = room / step;
                if step < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        if t1 > t0 {
            (t1 - t0) * (dx * dx + dy * dy).sqrt()
        } else {
            0.0
        }
    }

    fn overlap(&self, o: &Rect) -> f64 {
        let w = self.2.min(o.2) - self.0.max(o.0);
        let h = self.3.min(o.3) - self.1.max(o.1);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }
}

/// The nodes' places on a `w` by `h` picture: the layout stretched to fill
/// it, then overlapping nodes pushed apart.
fn place(pos: &[P], radius: &[f64], w: f64, h: f64) -> Vec<Dot> {
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in pos {
        min_x = min_x.min(p.x);
        max_x = max_x.max(p.x);
        min_y = min_y.min(p.y);
        max_y = max_y.max(p.y);
    }
    let scale = |v: f64, lo: f64, hi: f64, out_lo: f64, out_hi: f64| {
        if hi - lo < 1e-9 {
            (out_lo + out_hi) / 2.0
        } else {
            out_lo + (v - lo) / (hi - lo) * (out_hi - out_lo)
        }
    };
    let mut dots: Vec<Dot> = pos
        .iter()
        .zip(radius)
        .map(|(p, &r)| Dot {
            x: scale(p.x, min_x, max_x, PAD_X, w - PAD_X),
            y: scale(p.y, min_y, max_y, PAD_Y, h - PAD_Y),
            r,
        })
        .collect();
    for _ in 0..60 {
        let mut moved = false;
        for i in 0..dots.len() {
            for j in (i + 1)..dots.len() {
                let (dx, dy) = (dots[j].x - dots[i].x, dots[j].y - dots[i].y);
                let d = (dx * dx + dy * dy).sqrt();
                let need = dots[i].r + dots[j].r + 6.0;
                if d < need {
                    let (ux, uy) = if d > 1e-6 {
                        (dx / d, dy / d)
                    } else {
                        (1.0, 0.0)
                    };
                    let push = (need - d) / 2.0;
                    dots[i].x -= ux * push;
                    dots[i].y -= uy * push;
                    dots[j].x += ux * push;
                    dots[j].y += uy * push;
                    moved = true;
                }
            }
        }
        for d in dots.iter_mut() {
            d.x = d.x.clamp(PAD_X, w - PAD_X);
            d.y = d.y.clamp(PAD_Y, h - PAD_Y);
        }
        if !moved {
            break;
        }
    }
    dots
}

/// What a pixel of line under a label costs, against a pixel² of label on
/// label or node.
const LINE_COST: f64 = 4.0;

/// Where each label goes: its anchor point and alignment, chosen among
/// eight places around its node as the one that overlaps least the labels
/// placed before, the other nodes and the lines; none for the less
/// mentioned nodes (past [`ALWAYS_LABELLED`]) where every place covers
/// other labels or nodes.
fn place_labels(
    dots: &[Dot],
    edges: &[(usize, usize, u64)],
    labels: &[String],
    mentions: &[u64],
    w: f64,
    h: f64,
) -> Vec<Option<(i32, i32, Align)>> {
    let lines: Vec<((f64, f64), (f64, f64))> = edges
        .iter()
        .filter(|e| e.0 < dots.len() && e.1 < dots.len())
        .map(|e| ((dots[e.0].x, dots[e.0].y), (dots[e.1].x, dots[e.1].y)))
        .collect();
    let mut order: Vec<usize> = (0..dots.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(mentions[i]), i));
    let node_boxes: Vec<Rect> = dots
        .iter()
        .map(|d| Rect(d.x - d.r, d.y - d.r, d.x + d.r, d.y + d.r))
        .collect();
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = vec![None; dots.len()];
    for (rank, i) in order.into_iter().enumerate() {
        let d = dots[i];
        let tw = labels[i].chars().count() as f64 * CHAR_W + 4.0;
        let hh = LABEL_H / 2.0;
        let g = 4.0;
        let diag = d.r * 0.75;
        // (anchor x, anchor y, alignment)
        let candidates = [
            (d.x + d.r + g, d.y, Align::Left),
            (d.x - d.r - g, d.y, Align::Right),
            (d.x, d.y - d.r - g - hh, Align::Center),
            (d.x, d.y + d.r + g + hh, Align::Center),
            (d.x + diag + g, d.y - diag - hh, Align::Left),
            (d.x + diag + g, d.y + diag + hh, Align::Left),
            (d.x - diag - g, d.y - diag - hh, Align::Right),
            (d.x - diag - g, d.y + diag + hh, Align::Right),
        ];
        // (cost, covered, place, box)
        let mut best: Option<(f64, f64, usize, Rect)> = None;
        for (c, &(ax, ay, hpos)) in candidates.iter().enumerate() {
            let left = match hpos {
                Align::Left => ax,
                Align::Right => ax - tw,
                Align::Center => ax - tw / 2.0,
            };
            let rect = Rect(left, ay - hh, left + tw, ay + hh);
            let covered: f64 = placed.iter().map(|p| rect.overlap(p)).sum::<f64>()
                + node_boxes
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, b)| rect.overlap(b))
                    .sum::<f64>();
            let mut cost = covered;
            cost += lines
                .iter()
                .map(|&(p, q)| rect.crossing(p, q) * LINE_COST)
                .sum::<f64>();
            let outside = (0.0 - rect.0).max(0.0)
                + (rect.2 - w).max(0.0)
                + (0.0 - rect.1).max(0.0)
                + (rect.3 - h).max(0.0);
            cost += outside * 1000.0;
            let covered = covered + outside * 1000.0;
            // A small preference for the first places, so ties keep them.
            cost += c as f64 * 0.5;
            if best.as_ref().is_none_or(|b| cost < b.0) {
                best = Some((cost, covered, c, rect));
            }
        }
        if let Some((_, covered, c, rect)) = best
            && (rank < ALWAYS_LABELLED || covered < ROOM)
        {
            let (ax, ay, hpos) = candidates[c];
            out[i] = Some((ax.round() as i32, ay.round() as i32, hpos));
            placed.push(rect);
        }
    }
    out
}

/// The network's picture.
pub(crate) struct Picture {
    /// The SVG, or why plotters failed.
    pub svg: Result<String, String>,
    /// The nodes left without a label, for want of room.
    pub unlabelled: usize,
}

/// The network's picture.
pub(crate) fn picture(net: &Network, palette: &Palette) -> Picture {
    let (nodes, edges) = clean_graph(net);
    let pos = layout(nodes, &edges);
    let max_m = nodes.iter().map(|n| n.mentions).max().unwrap_or(1).max(1) as f64;
    let radius: Vec<f64> = nodes
        .iter()
        .map(|n| 4.0 + 16.0 * (n.mentions as f64 / max_m).sqrt())
        .collect();
    let height = height(nodes.len());
    let (w, h) = (FULL_WIDTH as f64, height as f64);
    let dots = place(&pos, &radius, w, h);
    let labels: Vec<String> = nodes
        .iter()
        .map(|n| clean(&shorten(label(&n.canonical, &n.entity_id), LABEL_CHARS)))
        .collect();
    let mentions: Vec<u64> = nodes.iter().map(|n| n.mentions).collect();
    let label_at = place_labels(&dots, &edges, &labels, &mentions, w, h);
    let unlabelled = label_at.iter().filter(|l| l.is_none()).count();
    let max_w = edges.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
    // Many lines are drawn fainter, so that they do not make one grey mass.
    let faint = (40.0 / edges.len().max(1) as f64).sqrt().clamp(0.45, 1.0);
    // The lightest edges first, so the heavy ones are drawn over them.
    let mut by_weight = edges.clone();
    by_weight.sort_by_key(|e| (e.2, e.0, e.1));
    let svg = svg(FULL_WIDTH, height, |root| {
        for &(a, b, wgt) in &by_weight {
            let f = (wgt as f64 / max_w).sqrt();
            let style = ShapeStyle {
                color: RGBColor(0x5a, 0x64, 0x70).mix((0.18 + 0.5 * f) * faint),
                filled: false,
                stroke_width: (1.0 + 7.0 * f).round() as u32,
            };
            let (p, q) = (dots[a], dots[b]);
            root.draw(&PathElement::new(
                vec![
                    (p.x.round() as i32, p.y.round() as i32),
                    (q.x.round() as i32, q.y.round() as i32),
                ],
                style,
            ))?;
        }
        for (node, d) in nodes.iter().zip(&dots) {
            let c = (d.x.round() as i32, d.y.round() as i32);
            let r = d.r.round() as i32;
            root.draw(&Circle::new(
                c,
                r,
                palette.colour(&node.entity_type).filled(),
            ))?;
            root.draw(&Circle::new(c, r, WHITE.stroke_width(2)))?;
        }
        for (text, at) in labels.iter().zip(&label_at) {
            if let Some((x, y, hpos)) = *at {
                let style = font(12.0).pos(Pos::new(hpos.into(), VPos::Center));
                root.draw(&Text::new(text.clone(), (x, y), style))?;
            }
        }
        Ok(())
    });
    Picture { svg, unlabelled }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::NetEdge;

    fn net(n: usize, edges: &[(usize, usize, u64)]) -> Network {
        Network {
            unit: "document".into(),
            nodes: (0..n)
                .map(|i| NetNode {
                    entity_id: format!("e{i}"),
                    canonical: format!("Entity {i}"),
                    entity_type: ["person", "place", "militia"][i % 3].into(),
                    mentions: 100 - i as u64,
                })
                .collect(),
            edges: edges
                .iter()
                .map(|&(a, b, weight)| NetEdge { a, b, weight })
                .collect(),
        }
    }

    #[test]
    fn bad_edges_are_dropped_and_pairs_merged() {
        let n = net(3, &[(0, 1, 2), (1, 0, 3), (2, 2, 9), (0, 7, 1)]);
        let (nodes, edges) = clean_graph(&n);
        assert_eq!(nodes.len(), 3);
        assert_eq!(edges, vec![(0, 1, 5)]);
    }

    #[test]
    fn layout_keeps_nodes_apart_and_inside() {
        let edges: Vec<(usize, usize, u64)> = (1..30).map(|i| (0, i, i as u64)).collect();
        let n = net(30, &edges);
        let (nodes, edges) = clean_graph(&n);
        let pos = layout(nodes, &edges);
        let radius = vec![8.0; pos.len()];
        let dots = place(&pos, &radius, 1000.0, 600.0);
        for d in &dots {
            assert!(d.x.is_finite() && d.y.is_finite());
            assert!((PAD_X..=1000.0 - PAD_X).contains(&d.x), "{d:?}");
            assert!((PAD_Y..=600.0 - PAD_Y).contains(&d.y), "{d:?}");
        }
        let mut close = 0;
        for i in 0..dots.len() {
            for j in (i + 1)..dots.len() {
                let (dx, dy) = (dots[i].x - dots[j].x, dots[i].y - dots[j].y);
                if (dx * dx + dy * dy).sqrt() < 16.0 {
                    close += 1;
                }
            }
        }
        assert_eq!(close, 0, "nodes on top of each other");
        // The hub, linked to every other node, ends up near the middle.
        assert!(
            (dots[0].x - 500.0).abs() < 200.0 && (dots[0].y - 300.0).abs() < 150.0,
            "{:?}",
            dots[0]
        );
    }

    #[test]
    fn labels_avoid_each_other_when_there_is_room() {
        // Two nodes side by side: the first one's label on its right would
        // cover the second node, so it goes elsewhere; the second's goes
        // on its right, where there is room.
        let dots = [
            Dot {
                x: 300.0,
                y: 300.0,
                r: 10.0,
            },
            Dot {
                x: 340.0,
                y: 300.0,
                r: 10.0,
            },
        ];
        let labels = [
            "Popular Mobilization Forces".to_string(),
            "Kata'ib Hezbollah".to_string(),
        ];
        let at = place_labels(&dots, &[], &labels, &[10, 5], 1000.0, 600.0);
        let align = |l: &Option<(i32, i32, Align)>| l.map(|l| l.2);
        assert_ne!(align(&at[0]), Some(Align::Left), "{at:?}");
        assert_eq!(align(&at[1]), Some(Align::Left), "{at:?}");
    }

    #[test]
    fn labels_avoid_lines() {
        // A line leaves the node to the right: the label goes elsewhere.
        let dots = [
            Dot {
                x: 300.0,
                y: 300.0,
                r: 10.0,
            },
            Dot {
                x: 700.0,
                y: 300.0,
                r: 10.0,
            },
        ];
        let labels = ["Tehran".to_string(), "Press TV".to_string()];
        let at = place_labels(&dots, &[(0, 1, 1)], &labels, &[10, 5], 1000.0, 600.0);
        let align = |l: &Option<(i32, i32, Align)>| l.map(|l| l.2);
        assert_ne!(align(&at[0]), Some(Align::Left), "{at:?}");
        assert_ne!(align(&at[1]), Some(Align::Right), "{at:?}");
        let free = place_labels(&dots, &[], &labels, &[10, 5], 1000.0, 600.0);
        assert_eq!(align(&free[0]), Some(Align::Left), "{free:?}");
    }

    #[test]
    fn crowded_small_nodes_go_unlabelled() {
        // Forty nodes on one spot: the first thirty are labelled whatever
        // they cover, the others are not.
        let dots = vec![
            Dot {
                x: 500.0,
                y: 300.0,
                r: 5.0
            };
            40
        ];
        let labels: Vec<String> = (0..40).map(|i| format!("Entity {i}")).collect();
        let mentions: Vec<u64> = (0..40).map(|i| 100 - i).collect();
        let at = place_labels(&dots, &[], &labels, &mentions, 1000.0, 600.0);
        assert!(at[..ALWAYS_LABELLED].iter().all(Option::is_some));
        assert!(at[ALWAYS_LABELLED..].iter().all(Option::is_none), "{at:?}");
    }

    #[test]
    fn cosine_and_sine() {
        for i in 0..=64 {
            let x = 2.0 * PI * f64::from(i) / 64.0;
            let (c, s) = cos_sin(x);
            assert!((c - x.cos()).abs() < 1e-12, "cos {x}: {c}");
            assert!((s - x.sin()).abs() < 1e-12, "sin {x}: {s}");
        }
    }

    #[test]
    fn crossing_lengths() {
        let r = Rect(0.0, 0.0, 10.0, 10.0);
        assert_eq!(r.crossing((-5.0, 5.0), (15.0, 5.0)), 10.0);
        assert_eq!(r.crossing((-5.0, 20.0), (15.0, 20.0)), 0.0);
        assert_eq!(r.crossing((5.0, 5.0), (5.0, 50.0)), 5.0);
        assert_eq!(r.crossing((20.0, 20.0), (30.0, 30.0)), 0.0);
    }
}
