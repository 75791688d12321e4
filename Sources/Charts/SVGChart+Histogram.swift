extension SVGChart {
    /// A histogram of `values` in `binCount` equal-width bins over their range.
    ///
    /// Non-finite values are ignored; with no value the chart reads "no data"; when all
    /// values are equal there is one bin around them.
    /// - Parameters:
    ///   - values: the sample.
    ///   - binCount: number of bins (at least 1).
    ///   - title: heading drawn above the plot.
    ///   - xLabel: horizontal axis title.
    ///   - yLabel: vertical axis title (defaults to "count").
    ///   - markers: dashed vertical lines, e.g. a threshold.
    ///   - size: the viewBox size.
    /// - Returns: one `<svg>` element.
    /// - Complexity: O(values + bins).
    public static func histogram(values: [Double], binCount: Int = 20, title: String, xLabel: String = "",
                                 yLabel: String = "count", markers: [Marker] = [], size: Size = .standard) -> String {
        let sample = values.filter(\.isFinite)
        let bins = max(binCount, 1)
        var low = sample.min() ?? 0, high = sample.max() ?? 1
        if low == high { (low, high) = (low - 0.5, high + 0.5) }
        let width = (high - low) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for value in sample { counts[min(Int((value - low) / width), bins - 1)] += 1 }
        var canvas = SVGCanvas(size: size, title: title, top: 40)
        let xTicks = NiceTicks(lower: min(low, markers.map(\.x).filter(\.isFinite).min() ?? low),
                               upper: max(high, markers.map(\.x).filter(\.isFinite).max() ?? high), count: 8)
        let yTicks = NiceTicks(lower: 0, upper: Double(max(counts.max() ?? 1, 1)), count: 5)
        let xScale = LinearScale(domain: (xTicks.lower, xTicks.upper), range: (canvas.plotLeft, canvas.plotRight))
        let yScale = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (canvas.plotBottom, canvas.plotTop))
        canvas.axes(x: xTicks, y: yTicks, xLabel: xLabel, yLabel: yLabel, xScale: xScale, yScale: yScale)
        if sample.isEmpty { canvas.noData() }
        for (index, count) in counts.enumerated() where count > 0 {
            let x0 = xScale(low + Double(index) * width), x1 = xScale(low + Double(index + 1) * width)
            let y = yScale(Double(count))
            let hover = Markup.escape("\(formatValue(low + Double(index) * width))–\(formatValue(low + Double(index + 1) * width)): \(count)")
            canvas.add(##"<rect x="\##(f(x0))" y="\##(f(y))" width="\##(f(max(x1 - x0 - 1, 0.5)))" height="\##(f(canvas.plotBottom - y))" fill="\##(Palette.colour(0))"><title>\##(hover)</title></rect>"##)
        }
        canvas.markers(markers, xScale: xScale)
        return canvas.render(description: title)
    }
}
