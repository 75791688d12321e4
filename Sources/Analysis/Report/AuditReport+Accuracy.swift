import Charts

extension FigureAccuracy {
    /// How well the figure is known, in words: "exact", or the sample, the recall with its interval, the standard error.
    public var qualifier: String {
        guard !exact else { return "exact" }
        var parts = ["estimated"]
        if let sampleRows { parts.append("sample of \(Format.count(sampleRows))") }
        if let recall {
            parts.append("measured recall \(Format.decimal(recall.recall, 4)) (95 % \(Format.decimal(recall.lower95, 3))-\(Format.decimal(recall.upper95, 3)), "
                + "\(Format.count(recall.truePairs)) true pairs)")
        }
        if let standardError { parts.append("standard error \(Format.decimal(standardError, 4))") }
        return parts.joined(separator: ", ")
    }
}

extension AuditReport {
    /// The accuracy table as Markdown lines (empty when the report has none).
    var accuracyMarkdownLines: [String] {
        guard !accuracy.isEmpty else { return [] }
        return ["", "## How exact each figure is", ""] + accuracy.map { "- \($0.figure): \($0.qualifier) — \($0.method)" }
    }

    /// The accuracy table as an HTML section; nil when the report has none.
    var accuracySection: HTMLReport.Section? {
        guard !accuracy.isEmpty else { return nil }
        return HTMLReport.Section(heading: "How exact each figure is", blocks: [
            .prose("Below --exact-below items every pair is compared; past it the near-duplicate pairs come from a search that measures its own "
                + "recall on a seeded sample, and the nearest-neighbour figures from sampled rows compared with every row."),
            .table(HTMLReport.Table(headers: ["figure", "exact or estimated", "how"], rows: accuracy.map { [$0.figure, $0.qualifier, $0.method] })),
        ])
    }
}
