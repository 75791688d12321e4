import Synchronization

/// The `auto` mode that worked last, shared by copies of a client.
final class ModeMemory: Sendable {
    private let stored = Mutex<StructuredOutput?>(nil)

    var mode: StructuredOutput? { stored.withLock { $0 } }

    func remember(_ mode: StructuredOutput) { stored.withLock { $0 = mode } }
}
