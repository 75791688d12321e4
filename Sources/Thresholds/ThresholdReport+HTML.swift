import Charts

extension DatasetSweepReport {
    /// A self-contained HTML page: key numbers, kept/removed against τ with the chosen τ
    /// marked, and example pairs around it side by side.
    public func html() -> String {
        let t = Double(chosenThreshold)
        let cards = [
            HTMLReport.Card(label: "items", value: String(count), note: source),
            HTMLReport.Card(label: "chosen τ", value: ReportFormat.number(t, 2), note: chosenBecause),
            HTMLReport.Card(label: "kept at τ", value: String(keptAtChosen), note: ReportFormat.percent(keptAtChosen, of: count)),
            HTMLReport.Card(label: "removed at τ", value: String(count - keptAtChosen)),
        ]
        let chart = SVGChart.line(
            series: [.init(name: "kept", x: rows.map { Double($0.threshold) }, y: rows.map { Double($0.kept) }, showsDots: true),
                     .init(name: "removed", x: rows.map { Double($0.threshold) }, y: rows.map { Double($0.removed) }, showsDots: true)],
            title: "Greedy in-order dedup across τ", xLabel: "τ (cosine similarity)", yLabel: "items",
            markers: [.init(x: t, label: "chosen τ = \(ReportFormat.number(t, 2))")], yRange: 0 ... Double(max(count, 1)))
        var sections = [HTMLReport.Section(heading: "Summary", blocks: [.cards(cards),
            .prose("Encoder \(encoder). Items are visited in file order; an item is removed when an earlier kept item scores at least τ with it. "
                + "Counts for every τ come from one similarity pass, so they are exact, not sampled.")]
            + notes.map { .prose("Note: \($0)") })]
        sections.append(.init(heading: "Kept and removed by τ", blocks: [
            .svg(chart), .table(.init(headers: ["τ", "kept", "removed", "removed %"], rows: tableRows)),
        ]))
        if let heuristic {
            sections.append(.init(heading: "The original SPB-2508 rule", prose:
                "Same first background word and more than two shared traits: flags \(heuristic.flaggedAgainstAnyEarlier) items against any earlier persona "
                + "and \(heuristic.flaggedAgainstPrevious20) against the previous 20 (the original's look-back pool); "
                + "\(heuristic.flaggedAndRemovedAtThreshold) of the former are also removed at τ = \(ReportFormat.number(t, 2))."))
        }
        var exampleBlocks: [HTMLReport.Block] = [.prose(
            "Pairs just above τ are what the gate removes (when the earlier one is kept); pairs just below are what it lets through. Read a few of each.")]
        for band in bands.reversed() {
            let side = band.lower >= chosenThreshold ? "removed side" : "kept side"
            exampleBlocks.append(.table(.init(
                headers: ["score", "earlier (line)", "later (line)"],
                rows: band.examples.map { [ReportFormat.number(Double($0.score), 4), "\($0.earlierText) (\($0.earlierName))", "\($0.laterText) (\($0.laterName))"] },
                caption: "[\(ReportFormat.number(Double(band.lower), 2)), \(ReportFormat.number(Double(band.upper), 2))): \(band.pairCount) pairs, \(side)")))
        }
        sections.append(.init(heading: "Example pairs around τ", blocks: exampleBlocks))
        return HTMLReport.page(title: "Dedup thresholds: \(source)", subtitle: "spb-analyze thresholds · \(encoder)", sections: sections)
    }
}

extension PairBenchmarkReport {
    /// A self-contained HTML page: the results table, ROC-AUC by set and scorer, and F1
    /// against τ per set with the fixed τ marked.
    public func html() -> String {
        var sections = [HTMLReport.Section(heading: title, blocks: [
            .table(.init(headers: allHeadings, rows: tableRows(includeThreshold: threshold != nil))),
            .prose(sets.map { "\($0.name): \($0.notes.joined(separator: "; "))." }.joined(separator: "\n\n")),
        ] + (droppedLines.isEmpty ? [] : [.prose("Dropped pairs, scored anyway: " + droppedLines.joined(separator: " · "))]))]
        for table in kindTables {
            sections.append(.init(heading: "Accuracy by kind: \(table.set)", blocks: [
                .table(.init(headers: table.headings, rows: table.rows, caption: "score >= each scorer's fixed threshold")),
            ]))
        }
        let bars = evaluations.map { SVGChart.Bar(label: "\($0.dataset) · \($0.scorer)", value: $0.rocAUC ?? 0) }
        sections.append(.init(heading: "ROC-AUC", svg: SVGChart.bars(bars, title: "ROC-AUC by set and scorer", valueLabel: "ROC-AUC")))
        let markers = threshold.map { [SVGChart.Marker(x: $0, label: "τ = \(ReportFormat.number($0, 2))")] } ?? []
        for set in sets {
            let series = evaluations.filter { $0.dataset == set.name }.map { e in
                SVGChart.Series(name: e.scorer, x: e.curve.map(\.threshold), y: e.curve.map(\.f1))
            }
            sections.append(.init(heading: "F1 against τ: \(set.name)", svg: SVGChart.line(
                series: series, title: "F1 of “score ≥ τ” on \(set.name)", xLabel: "τ", yLabel: "F1", markers: markers, yRange: 0 ... 1)))
        }
        return HTMLReport.page(title: "Threshold benchmark: \(title)", subtitle: "spb-analyze thresholds --pairs", sections: sections)
    }
}
