import Foundation

extension AuditResult {
    /// Writes everything under `directory`: `report.html`, `report.json`, `summary.md` and
    /// `notebooks-data/<name>/` (see ``writeNotebookData(to:)``).
    /// - Parameters:
    ///   - directory: created when missing.
    ///   - name: the notebooks-data subfolder (letters, digits, `-`, `_`, `.`; others become `_`).
    ///   - mapPoints: most points drawn on the map.
    ///   - seed: fixes the map sample.
    ///   - subtitle: a line under the HTML title.
    /// - Returns: the files written.
    @discardableResult
    public func write(to directory: URL, name: String, mapPoints: Int, seed: UInt64, subtitle: String?) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let html = directory.appendingPathComponent("report.html")
        let json = directory.appendingPathComponent("report.json")
        let summary = directory.appendingPathComponent("summary.md")
        try Data(self.html(mapPoints: mapPoints, seed: seed, subtitle: subtitle).utf8).write(to: html, options: .atomic)
        try report.jsonData().write(to: json, options: .atomic)
        try Data(report.markdownSummary().utf8).write(to: summary, options: .atomic)
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        let notebooks = directory.appendingPathComponent("notebooks-data").appendingPathComponent(safe.isEmpty ? "dataset" : safe)
        try writeNotebookData(to: notebooks)
        return [html, json, summary, notebooks]
    }
}
