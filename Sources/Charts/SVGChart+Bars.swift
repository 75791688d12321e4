extension SVGChart {
    /// A bar chart of labelled values, drawn horizontally when labels are long or many.
    ///
    /// Each bar carries its label and value as hover text; values are printed at the bar end.
    /// - Parameters:
    ///   - bars: the bars, drawn in the order given (top to bottom when horizontal).
    ///   - title: heading drawn above the plot.
    ///   - valueLabel: title of the value axis.
    ///   - horizontal: force an orientation; automatic (long labels or more than 12 bars) when nil.
    ///   - size: the viewBox size; a horizontal chart grows taller with the number of bars.
    /// - Returns: one `<svg>` element.
    /// - Complexity: O(bars).
    public static func bars(_ bars: [Bar], title: String, valueLabel: String = "",
                            horizontal: Bool? = nil, size: Size = .standard) -> String {
        let longest = bars.map(\.label.count).max() ?? 0
        let isHorizontal = horizontal ?? (longest > 10 || bars.count > 12)
        let values = bars.map(\.value).filter(\.isFinite)
        let ticks = NiceTicks(lower: min(0, values.min() ?? 0), upper: max(values.max() ?? 1, 0), count: 5)
        if isHorizontal {
            let labelWidth = min(Double(min(longest, 48)) * 6.6 + 12, size.width * 0.5)
            let height = max(size.height, 90 + Double(bars.count) * 22)
            var canvas = SVGCanvas(size: Size(width: size.width, height: height), title: title, left: labelWidth + 8, right: 56, top: 40)
            let scale = LinearScale(domain: (ticks.lower, ticks.upper), range: (canvas.plotLeft, canvas.plotRight))
            verticalGrid(&canvas, ticks: ticks, scale: scale, label: valueLabel)
            if bars.isEmpty { canvas.noData() }
            let band = (canvas.plotBottom - canvas.plotTop) / Double(max(bars.count, 1))
            for (index, bar) in bars.enumerated() {
                let y = canvas.plotTop + Double(index) * band
                let value = bar.value.isFinite ? max(bar.value, ticks.lower) : 0
                let x0 = scale(max(0, ticks.lower)), x1 = scale(value)
                let hover = Markup.escape("\(bar.label): \(formatValue(bar.value))")
                canvas.add(##"<rect x="\##(f(min(x0, x1)))" y="\##(f(y + band * 0.15))" width="\##(f(abs(x1 - x0)))" height="\##(f(band * 0.7))" fill="\##(Palette.colour(0))"><title>\##(hover)</title></rect>"##)
                canvas.add(##"<text x="\##(f(canvas.plotLeft - 6))" y="\##(f(y + band / 2 + 4))" text-anchor="end" font-size="12">\##(Markup.escape(truncated(bar.label, 48)))</text>"##)
                canvas.add(##"<text x="\##(f(max(x0, x1) + 4))" y="\##(f(y + band / 2 + 4))" font-size="11">\##(Markup.escape(formatValue(bar.value)))</text>"##)
            }
            return canvas.render(description: title)
        }
        var canvas = SVGCanvas(size: size, title: title, top: 40, bottom: 60)
        let scale = LinearScale(domain: (ticks.lower, ticks.upper), range: (canvas.plotBottom, canvas.plotTop))
        canvas.axes(x: nil, y: ticks, xLabel: "", yLabel: valueLabel, xScale: nil, yScale: scale)
        if bars.isEmpty { canvas.noData() }
        let band = (canvas.plotRight - canvas.plotLeft) / Double(max(bars.count, 1))
        for (index, bar) in bars.enumerated() {
            let x = canvas.plotLeft + Double(index) * band
            let value = bar.value.isFinite ? bar.value : 0
            let y0 = scale(max(0, ticks.lower)), y1 = scale(value)
            let hover = Markup.escape("\(bar.label): \(formatValue(bar.value))")
            canvas.add(##"<rect x="\##(f(x + band * 0.15))" y="\##(f(min(y0, y1)))" width="\##(f(band * 0.7))" height="\##(f(abs(y1 - y0)))" fill="\##(Palette.colour(0))"><title>\##(hover)</title></rect>"##)
            canvas.add(##"<text x="\##(f(x + band / 2))" y="\##(f(canvas.plotBottom + 16))" text-anchor="middle" font-size="12">\##(Markup.escape(truncated(bar.label, 12)))</text>"##)
            canvas.add(##"<text x="\##(f(x + band / 2))" y="\##(f(min(y0, y1) - 4))" text-anchor="middle" font-size="11">\##(Markup.escape(formatValue(bar.value)))</text>"##)
        }
        return canvas.render(description: title)
    }

    /// Vertical grid lines and labels for a horizontal value axis.
    static func verticalGrid(_ canvas: inout SVGCanvas, ticks: NiceTicks, scale: LinearScale, label: String) {
        for tick in ticks.values {
            let px = scale(tick)
            canvas.add(##"<line x1="\##(f(px))" y1="\##(f(canvas.plotTop))" x2="\##(f(px))" y2="\##(f(canvas.plotBottom))" stroke="#e3e3e3"/>"##)
            canvas.add(##"<text x="\##(f(px))" y="\##(f(canvas.plotBottom + 16))" text-anchor="middle" font-size="11">\##(ticks.label(tick))</text>"##)
        }
        canvas.add(##"<line x1="\##(f(canvas.plotLeft))" y1="\##(f(canvas.plotTop))" x2="\##(f(canvas.plotLeft))" y2="\##(f(canvas.plotBottom))" stroke="#555555"/>"##)
        if !label.isEmpty {
            canvas.add(##"<text x="\##(f((canvas.plotLeft + canvas.plotRight) / 2))" y="\##(f(canvas.size.height - 10))" text-anchor="middle" font-size="12">\##(Markup.escape(label))</text>"##)
        }
    }

    /// A value with up to three significant decimals, integers without a decimal point.
    static func formatValue(_ value: Double) -> String {
        guard value.isFinite else { return String(describing: value) }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.3g", value)
    }
}
