import Foundation

/// Small, dependency-free SVG charts (inline, no scripts, no network).
///
/// Every function returns one `<svg>` element as a string: well-formed XML with all text
/// escaped, sized through `viewBox` so it scales to its container. Empty inputs and single
/// points draw an empty frame or a widened axis instead of trapping.
public enum SVGChart {
    /// Pixel size of a chart's `viewBox`.
    public struct Size: Sendable, Equatable {
        /// Width in user units.
        public var width: Double
        /// Height in user units.
        public var height: Double
        /// Creates a size.
        public init(width: Double, height: Double) { self.width = width; self.height = height }
        /// 720 × 400, the default for every chart.
        public static let standard = Size(width: 720, height: 400)
    }

    /// One point of a line or scatter chart.
    public struct Point: Sendable, Equatable {
        /// Horizontal value.
        public var x: Double
        /// Vertical value.
        public var y: Double
        /// Creates a point.
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    /// A named line of a line chart; points are drawn in the order given.
    public struct Series: Sendable, Equatable {
        /// Legend text.
        public var name: String
        /// The points.
        public var points: [Point]
        /// Whether to draw a small dot at every point.
        public var showsDots: Bool
        /// Creates a series.
        public init(name: String, points: [Point], showsDots: Bool = false) {
            self.name = name; self.points = points; self.showsDots = showsDots
        }
        /// Creates a series from parallel x and y arrays (extra elements of the longer one are ignored).
        public init(name: String, x: [Double], y: [Double], showsDots: Bool = false) {
            self.init(name: name, points: zip(x, y).map { Point(x: $0, y: $1) }, showsDots: showsDots)
        }
    }

    /// A vertical reference line (a chosen threshold, a reset point) with a short label.
    public struct Marker: Sendable, Equatable {
        /// Position on the x axis.
        public var x: Double
        /// Text drawn at the top of the line.
        public var label: String
        /// Creates a marker.
        public init(x: Double, label: String) { self.x = x; self.label = label }
    }

    /// One labelled bar.
    public struct Bar: Sendable, Equatable {
        /// Category label.
        public var label: String
        /// Bar length (negative values are drawn as zero-length bars with their value printed).
        public var value: Double
        /// Creates a bar.
        public init(label: String, value: Double) { self.label = label; self.value = value }
    }

    /// One point of a scatter plot.
    public struct ScatterPoint: Sendable, Equatable {
        /// Horizontal value.
        public var x: Double
        /// Vertical value.
        public var y: Double
        /// Group name; points of one group share a colour and a legend entry.
        public var group: String
        /// Text shown when hovering the point (SVG `<title>`); empty for none.
        public var hover: String
        /// Creates a point.
        public init(x: Double, y: Double, group: String, hover: String = "") {
            self.x = x; self.y = y; self.group = group; self.hover = hover
        }
    }
}
