import Foundation

/// Locates `../shared/` (the evaluation data beside the checkout) and the repository root.
///
/// Tests that read shared data call ``SharedData/directory(_:)``; when it returns nil they
/// skip with a visible message, so the suite passes on a machine without `../shared/`.
public enum SharedData {
    /// The repository root, found from this source file's path.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared` beside the repository (or `$PERSONABANK_SHARED`), when it exists.
    public static var root: URL? {
        let candidate = ProcessInfo.processInfo.environment["PERSONABANK_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }

    /// A path under the shared root, when the file exists; nil otherwise (the caller skips).
    public static func file(_ relativePath: String) -> URL? {
        guard let url = root?.appendingPathComponent(relativePath),
              FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }

    /// The message tests print when they skip for want of shared data.
    public static func skipMessage(_ relativePath: String) -> String {
        "skipped: ../shared/\(relativePath) is absent (evaluation data lives beside the checkout; CI always has it)"
    }

    /// The git-ignored models folder where the set-up script unpacks the MiniLM weights, when present.
    public static var modelDirectory: URL? {
        let url = repositoryRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("model.safetensors").path) ? url : nil
    }
}
