import Foundation

/// The process's peak resident memory, which the dedup and audit reports state.
public enum PeakResidentMemory {
    /// `VmHWM` from `/proc/self/status` in bytes: the most resident memory the process has held so
    /// far; nil where the system has no such file (not Linux).
    public static func bytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }
}
