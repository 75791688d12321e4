import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The POSIX socket calls the loopback server needs; every pointer stays inside these helpers.
enum Sockets {
    /// A listening TCP socket on 127.0.0.1 with a kernel-chosen port.
    static func listenOnLoopback() throws -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError(message: "socket(): \(errnoText())") }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let text = errnoText()
            close(fd)
            throw LoopbackServerError(message: "bind(127.0.0.1:0): \(text)")
        }
        guard listen(fd, 64) == 0 else {
            let text = errnoText()
            close(fd)
            throw LoopbackServerError(message: "listen(): \(text)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let text = errnoText()
            close(fd)
            throw LoopbackServerError(message: "getsockname(): \(text)")
        }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    /// Whether `fd` becomes readable (or hung up) within `milliseconds`.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    /// Accepts one connection, or nil.
    static func accept(_ listener: Int32) -> Int32? {
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// Reads up to `maximum` bytes: nil on error, empty at end of stream.
    static func read(_ fd: Int32, maximum: Int) -> Data? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, maximum, 0) }
        if count < 0 { return errno == EINTR || errno == EAGAIN ? Data() : nil }
        return Data(buffer[0 ..< count])
    }

    /// Writes all of `data`; false when the peer went away.
    @discardableResult
    static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let written = send(fd, raw.baseAddress?.advanced(by: offset), raw.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Makes the next `close` send a TCP reset instead of a normal close.
    static func armReset(_ fd: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    /// Ends our side of the stream (FIN) so the peer sees end of body.
    static func shutdownWrite(_ fd: Int32) { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Closes a descriptor.
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
