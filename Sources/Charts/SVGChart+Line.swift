extension SVGChart {
    /// A line chart of several series with a legend, nice-tick axes and optional vertical markers.
    ///
    /// Non-finite points are skipped (the line is broken there). With no finite point the
    /// chart shows an empty frame reading "no data".
    /// - Parameters:
    ///   - series: the lines, each in its own palette colour.
    ///   - title: heading drawn above the plot (also the SVG's accessible title).
    ///   - xLabel: horizontal axis title.
    ///   - yLabel: vertical axis title.
    ///   - markers: dashed vertical lines, e.g. a chosen threshold.
    ///   - yRange: fixed vertical range (e.g. `0...1`); the data range when nil.
    ///   - size: the viewBox size.
    /// - Returns: one `<svg>` element.
    /// - Complexity: O(total points).
    public static func line(series: [Series], title: String, xLabel: String = "", yLabel: String = "",
                            markers: [Marker] = [], yRange: ClosedRange<Double>? = nil, size: Size = .standard) -> String {
        let finite = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let legendRows = series.count > 4 ? 2.0 : 1.0
        var canvas = SVGCanvas(size: size, title: title, top: 44 + 16 * legendRows)
        canvas.legend(series.enumerated().map { ($0.element.name, Palette.colour($0.offset)) })
        let xs = finite.map(\.x) + markers.map(\.x).filter(\.isFinite)
        let xTicks = NiceTicks(lower: xs.min() ?? 0, upper: xs.max() ?? 1, count: 8)
        let yTicks = NiceTicks(lower: yRange?.lowerBound ?? finite.map(\.y).min() ?? 0,
                               upper: yRange?.upperBound ?? finite.map(\.y).max() ?? 1, count: 5)
        let xScale = LinearScale(domain: (xTicks.lower, xTicks.upper), range: (canvas.plotLeft, canvas.plotRight))
        let yScale = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (canvas.plotBottom, canvas.plotTop))
        canvas.axes(x: xTicks, y: yTicks, xLabel: xLabel, yLabel: yLabel, xScale: xScale, yScale: yScale)
        if finite.isEmpty { canvas.noData() }
        for (index, one) in series.enumerated() {
            let colour = Palette.colour(index)
            var path = "", pen = false
            for point in one.points {
                guard point.x.isFinite, point.y.isFinite else { pen = false; continue }
                path += "\(pen ? "L" : "M")\(f(xScale(point.x))) \(f(yScale(point.y))) "
                pen = true
            }
            if !path.isEmpty {
                canvas.add(##"<path d="\##(path.dropLast())" fill="none" stroke="\##(colour)" stroke-width="2" stroke-linejoin="round"><title>\##(Markup.escape(one.name))</title></path>"##)
            }
            let dotted = one.showsDots || one.points.filter { $0.x.isFinite && $0.y.isFinite }.count == 1
            if dotted {
                for point in one.points where point.x.isFinite && point.y.isFinite {
                    canvas.add(##"<circle cx="\##(f(xScale(point.x)))" cy="\##(f(yScale(point.y)))" r="3" fill="\##(colour)"/>"##)
                }
            }
        }
        canvas.markers(markers, xScale: xScale)
        return canvas.render(description: title)
    }
}
