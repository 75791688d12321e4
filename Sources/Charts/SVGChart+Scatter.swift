extension SVGChart {
    /// A scatter plot with points coloured by group (legend in first-seen group order) and
    /// a hover text per point.
    ///
    /// Non-finite points are skipped; with none the chart reads "no data".
    /// - Parameters:
    ///   - points: the points.
    ///   - title: heading drawn above the plot.
    ///   - xLabel: horizontal axis title.
    ///   - yLabel: vertical axis title.
    ///   - radius: dot radius.
    ///   - size: the viewBox size.
    /// - Returns: one `<svg>` element.
    /// - Complexity: O(points).
    public static func scatter(points: [ScatterPoint], title: String, xLabel: String = "", yLabel: String = "",
                               radius: Double = 3.5, size: Size = .standard) -> String {
        var groups: [String] = [], groupIndex: [String: Int] = [:]
        for point in points where groupIndex[point.group] == nil {
            groupIndex[point.group] = groups.count
            groups.append(point.group)
        }
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        var canvas = SVGCanvas(size: size, title: title, top: 44 + 16 * (groups.count > 4 ? 2 : 1))
        canvas.legend(groups.enumerated().map { ($0.element, Palette.colour($0.offset)) })
        let xTicks = NiceTicks(lower: finite.map(\.x).min() ?? 0, upper: finite.map(\.x).max() ?? 1, count: 8)
        let yTicks = NiceTicks(lower: finite.map(\.y).min() ?? 0, upper: finite.map(\.y).max() ?? 1, count: 5)
        let xScale = LinearScale(domain: (xTicks.lower, xTicks.upper), range: (canvas.plotLeft, canvas.plotRight))
        let yScale = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (canvas.plotBottom, canvas.plotTop))
        canvas.axes(x: xTicks, y: yTicks, xLabel: xLabel, yLabel: yLabel, xScale: xScale, yScale: yScale)
        if finite.isEmpty { canvas.noData() }
        for point in finite {
            let colour = Palette.colour(groupIndex[point.group] ?? 0)
            let hover = point.hover.isEmpty ? "" : "<title>\(Markup.escape(point.hover))</title>"
            canvas.add(##"<circle cx="\##(f(xScale(point.x)))" cy="\##(f(yScale(point.y)))" r="\##(f(radius))" fill="\##(colour)" fill-opacity="0.75">\##(hover)</circle>"##)
        }
        return canvas.render(description: title)
    }
}
