#if canImport(Glibc)
import CSocketShims
import Glibc
import Synchronization

/// Why a socket exchange stopped; ``SocketExchange`` maps it to ``NetworkError`` or `CancellationError`.
enum SocketFailure: Error {
    /// The request's deadline passed.
    case timeout
    /// The awaiting task was cancelled.
    case cancelled
    /// The peer reset or closed early, or the response was malformed.
    case connection(String)
    /// No connection could be made: the name did not resolve or every address refused or was unreachable.
    case unreachable(String)
    /// The response body passed the size cap.
    case tooLarge(status: Int, detail: String)
}

/// Wakes a thread blocked in ``SocketConnection`` from another thread: a pipe whose read end every
/// `poll` watches next to the socket.
///
/// ``signal()`` may be called from any thread at any time (also after ``close()``); only the
/// thread that owns the exchange calls ``close()``.
final class WakeSignal: Sendable {
    private struct State {
        var readEnd: Int32
        var writeEnd: Int32
        var signalled = false
    }

    private let state: Mutex<State>

    /// Creates the pipe.
    ///
    /// - Throws: ``SocketFailure/connection(_:)`` when the pipe cannot be created.
    init() throws(SocketFailure) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .connection("pipe(): \(errnoText())") }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        state = Mutex(State(readEnd: ends[0], writeEnd: ends[1]))
    }

    /// The descriptor to poll for `POLLIN` (-1 once closed).
    var descriptor: Int32 { state.withLock { $0.readEnd } }

    /// Whether ``signal()`` has been called.
    var isSignalled: Bool { state.withLock { $0.signalled } }

    /// Marks the exchange cancelled and wakes its `poll`.
    func signal() {
        state.withLock { state in
            state.signalled = true
            guard state.writeEnd >= 0 else { return }
            var byte: UInt8 = 1
            _ = write(state.writeEnd, &byte, 1)
        }
    }

    /// Closes the pipe; later signals only set the flag.
    func close() {
        state.withLock { state in
            for end in [state.readEnd, state.writeEnd] where end >= 0 { _ = Glibc.close(end) }
            state.readEnd = -1
            state.writeEnd = -1
        }
    }
}

/// One non-blocking TCP connection whose every wait is a `poll` bounded by a deadline and
/// interruptible through a ``WakeSignal``: waiting costs no CPU.
///
/// Used by one thread only (the exchange's own thread, never a Swift concurrency pool thread).
final class SocketConnection {
    private var socket: Int32
    private let wake: WakeSignal
    private let deadline: ContinuousClock.Instant

    private init(socket: Int32, wake: WakeSignal, deadline: ContinuousClock.Instant) {
        self.socket = socket
        self.wake = wake
        self.deadline = deadline
    }

    deinit { close() }

    /// Resolves `host` and connects to the first address that accepts, before `deadline`.
    ///
    /// - Parameters:
    ///   - host: A host name or IP literal.
    ///   - port: The TCP port.
    ///   - deadline: When connecting (and every later wait) gives up with ``SocketFailure/timeout``.
    ///   - wake: Cancels the waits.
    /// - Returns: The connected socket.
    /// - Throws: ``SocketFailure``.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant, wake: WakeSignal) throws(SocketFailure) -> SocketConnection {
        var failures: [String] = []
        for address in try resolve(host: host, port: port) {
            let descriptor = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), address.protocol_number)
            guard descriptor >= 0 else {
                failures.append("socket(): \(errnoText())")
                continue
            }
            let connection = SocketConnection(socket: descriptor, wake: wake, deadline: deadline)
            do throws(SocketFailure) {
                try connection.finishConnect(to: address)
                return connection
            } catch {
                guard case let .unreachable(reason) = error else { throw error }
                failures.append(reason)
            }
        }
        throw .unreachable("cannot connect to \(host):\(port): \(failures.joined(separator: "; "))")
    }

    /// Sends all of `bytes`, waiting for buffer space as needed.
    ///
    /// - Parameter bytes: The bytes to send.
    /// - Throws: ``SocketFailure``.
    func send(_ bytes: [UInt8]) throws(SocketFailure) {
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT))
            let written = pb_send_from(socket, bytes, offset, bytes.count)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .connection("sending the request failed: \(errnoText())")
            }
            offset += written
        }
    }

    /// Receives up to `buffer.count` bytes into the start of `buffer`.
    ///
    /// - Parameter buffer: Scratch space; its size bounds one read.
    /// - Returns: The number of bytes received; 0 when the peer closed the stream.
    /// - Throws: ``SocketFailure``.
    func receive(into buffer: inout [UInt8]) throws(SocketFailure) -> Int {
        while true {
            try wait(for: Int16(POLLIN))
            let capacity = buffer.count
            let count = recv(socket, &buffer, capacity, 0)
            if count >= 0 { return count }
            if errno == EINTR || errno == EAGAIN { continue }
            throw .connection(errno == ECONNRESET ? "connection reset by peer" : "receiving the response failed: \(errnoText())")
        }
    }

    /// Closes the socket (idempotent).
    func close() {
        if socket >= 0 { _ = Glibc.close(socket) }
        socket = -1
    }

    private func finishConnect(to address: pb_resolved_address) throws(SocketFailure) {
        var address = address
        let started = pb_connect(socket, &address)
        if started == 0 { return }
        guard errno == EINPROGRESS || errno == EINTR else { throw .unreachable("connect(): \(errnoText())") }
        try wait(for: Int16(POLLOUT))
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { throw .unreachable("getsockopt(SO_ERROR): \(errnoText())") }
        guard error == 0 else { throw .unreachable("connect(): \(String(cString: strerror(error)))") }
    }

    /// Blocks in `poll` until the socket is ready for `events`, the wake signal fires, or the deadline passes.
    private func wait(for events: Int16) throws(SocketFailure) {
        while true {
            if wake.isSignalled { throw .cancelled }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timeout }
            let milliseconds = Int32(min((remaining / .milliseconds(1)).rounded(.down) + 1, Double(Int32.max)))
            var entries = [pollfd(fd: socket, events: events, revents: 0), pollfd(fd: wake.descriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&entries, nfds_t(entries.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .connection("poll(): \(errnoText())")
            }
            if entries[1].revents != 0 || wake.isSignalled { throw .cancelled }
            if ready > 0, entries[0].revents != 0 { return }
        }
    }

    /// The TCP addresses of `host`, in the resolver's order (CSocketShims walks the `getaddrinfo` list).
    private static func resolve(host: String, port: Int) throws(SocketFailure) -> [pb_resolved_address] {
        var addresses = [pb_resolved_address](repeating: pb_resolved_address(), count: 8)
        while true {
            let capacity = addresses.count
            var total = 0
            let status = pb_resolve(host, String(port), &addresses, capacity, &total)
            guard status == 0 else {
                throw .unreachable("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
            }
            if total <= capacity { return Array(addresses.prefix(total)) }
            addresses = [pb_resolved_address](repeating: pb_resolved_address(), count: total)
        }
    }
}

/// `strerror(errno)` as text.
private func errnoText() -> String { String(cString: strerror(errno)) }
#endif
