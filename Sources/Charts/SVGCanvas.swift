import Foundation

/// Builds one SVG document: frame, title, legend, axes with ticks, then marks. Internal.
struct SVGCanvas {
    let size: SVGChart.Size
    let left: Double, right: Double, top: Double, bottom: Double
    private(set) var body: [String] = []

    init(size: SVGChart.Size, title: String, left: Double = 64, right: Double = 20, top: Double = 56, bottom: Double = 52) {
        self.size = size
        self.left = left; self.right = right; self.top = top; self.bottom = bottom
        body.append(##"<rect x="0" y="0" width="\##(f(size.width))" height="\##(f(size.height))" fill="#ffffff"/>"##)
        if !title.isEmpty {
            body.append(##"<text x="\##(f(size.width / 2))" y="22" text-anchor="middle" font-size="16" font-weight="600">\##(Markup.escape(title))</text>"##)
        }
    }

    var plotLeft: Double { left }
    var plotRight: Double { size.width - right }
    var plotTop: Double { top }
    var plotBottom: Double { size.height - bottom }

    mutating func add(_ element: String) { body.append(element) }

    /// Legend entries in one or more rows under the title.
    mutating func legend(_ entries: [(name: String, colour: String)]) {
        guard !entries.isEmpty else { return }
        var x = plotLeft, y = 40.0
        for entry in entries {
            let width = 22 + Double(min(entry.name.count, 40)) * 6.6 + 18
            if x + width > plotRight, x > plotLeft { x = plotLeft; y += 16 }
            body.append(##"<rect x="\##(f(x))" y="\##(f(y - 9))" width="14" height="10" fill="\##(entry.colour)"/>"##)
            body.append(##"<text x="\##(f(x + 20))" y="\##(f(y))" font-size="12">\##(Markup.escape(truncated(entry.name, 40)))</text>"##)
            x += width
        }
    }

    /// Grid lines, tick labels and axis titles for linear x and y scales.
    mutating func axes(x: NiceTicks?, y: NiceTicks, xLabel: String, yLabel: String, xScale: LinearScale?, yScale: LinearScale) {
        for tick in y.values {
            let py = yScale(tick)
            body.append(##"<line x1="\##(f(plotLeft))" y1="\##(f(py))" x2="\##(f(plotRight))" y2="\##(f(py))" stroke="#e3e3e3"/>"##)
            body.append(##"<text x="\##(f(plotLeft - 6))" y="\##(f(py + 4))" text-anchor="end" font-size="11">\##(y.label(tick))</text>"##)
        }
        if let x, let xScale {
            for tick in x.values {
                let px = xScale(tick)
                body.append(##"<line x1="\##(f(px))" y1="\##(f(plotBottom))" x2="\##(f(px))" y2="\##(f(plotBottom + 5))" stroke="#555555"/>"##)
                body.append(##"<text x="\##(f(px))" y="\##(f(plotBottom + 18))" text-anchor="middle" font-size="11">\##(x.label(tick))</text>"##)
            }
        }
        body.append(##"<line x1="\##(f(plotLeft))" y1="\##(f(plotBottom))" x2="\##(f(plotRight))" y2="\##(f(plotBottom))" stroke="#555555"/>"##)
        body.append(##"<line x1="\##(f(plotLeft))" y1="\##(f(plotTop))" x2="\##(f(plotLeft))" y2="\##(f(plotBottom))" stroke="#555555"/>"##)
        if !xLabel.isEmpty {
            body.append(##"<text x="\##(f((plotLeft + plotRight) / 2))" y="\##(f(size.height - 12))" text-anchor="middle" font-size="12">\##(Markup.escape(xLabel))</text>"##)
        }
        if !yLabel.isEmpty {
            let cy = (plotTop + plotBottom) / 2
            body.append(##"<text x="14" y="\##(f(cy))" text-anchor="middle" font-size="12" transform="rotate(-90 14 \##(f(cy)))">\##(Markup.escape(yLabel))</text>"##)
        }
    }

    /// Dashed vertical lines with labels, skipping those outside the x range.
    mutating func markers(_ markers: [SVGChart.Marker], xScale: LinearScale) {
        for (index, marker) in markers.enumerated() where marker.x.isFinite {
            let px = xScale(marker.x)
            guard px >= plotLeft - 0.5, px <= plotRight + 0.5 else { continue }
            let ly = plotTop + 12 + Double(index % 3) * 13
            body.append(##"<line x1="\##(f(px))" y1="\##(f(plotTop))" x2="\##(f(px))" y2="\##(f(plotBottom))" stroke="#b00020" stroke-dasharray="5 4"><title>\##(Markup.escape(marker.label))</title></line>"##)
            let anchor = px > (plotLeft + plotRight) / 2 ? "end" : "start"
            let dx = anchor == "end" ? -4.0 : 4.0
            body.append(##"<text x="\##(f(px + dx))" y="\##(f(ly))" text-anchor="\##(anchor)" font-size="11" fill="#b00020">\##(Markup.escape(truncated(marker.label, 30)))</text>"##)
        }
    }

    /// "no data" in the middle of the plot.
    mutating func noData() {
        body.append(##"<text x="\##(f((plotLeft + plotRight) / 2))" y="\##(f((plotTop + plotBottom) / 2))" text-anchor="middle" font-size="13" fill="#777777">no data</text>"##)
    }

    /// The finished document.
    func render(description: String) -> String {
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(f(size.width)) \##(f(size.height))" width="\##(f(size.width))" height="\##(f(size.height))" role="img" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">"##
        out += "<title>\(Markup.escape(description))</title>"
        out += body.joined()
        out += "</svg>"
        return out
    }
}

/// Maps a data interval onto a pixel interval. Internal.
struct LinearScale {
    let domain: (Double, Double)
    let range: (Double, Double)
    func callAsFunction(_ value: Double) -> Double {
        let span = domain.1 - domain.0
        guard span != 0, value.isFinite else { return (range.0 + range.1) / 2 }
        return range.0 + (value - domain.0) / span * (range.1 - range.0)
    }
}

/// A coordinate with at most two decimals and no exponent. Internal.
func f(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(format: "%.2f", rounded)
}

/// `text` cut to `limit` characters with an ellipsis. Internal.
func truncated(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(max(limit - 1, 0))) + "…"
}
