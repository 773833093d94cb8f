// Tells the modules that the device list may have changed, when something says so, never by looking
// periodically: a sound server died (the HostEventBell), a JACK server's socket appeared or went in /dev/shm, a
// sound card's device nodes appeared or went in /dev/snd. Each module then lists the devices again and reports
// what changed (Module::refreshDevices). A seam: platform/linux watches the directories with inotify,
// platform/portable hears the bell only.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace adm {

/// A directory whose entries' creation and removal mean a change, with the names that count.
struct WatchedDirectory {
    std::string path;
    std::function<bool(const std::string& name)> counts;
};

class DeviceWatch {
public:
    /**
     * The process's watch: /dev/snd (or the directory ADMBRIDGE_DEV_SND names: the seam tests use) for sound
     * card nodes, /dev/shm for JACK server sockets, and the HostEventBell. Its thread starts with the first
     * subscriber and sleeps until something happens.
     */
    static DeviceWatch& instance();

    /// A watch of `directories` that calls its subscribers once things have been quiet for `settle`.
    DeviceWatch(std::vector<WatchedDirectory> directories, std::chrono::milliseconds settle);
    ~DeviceWatch();
    DeviceWatch(const DeviceWatch&) = delete;
    DeviceWatch& operator=(const DeviceWatch&) = delete;

    /// `changed` is called on the watch's thread after each change, until remove(token) returns.
    uint64_t add(std::function<void()> changed);
    /// After it returns, `changed` of `token` is not running and is never called again.
    void remove(uint64_t token);
    /// Something may have changed (a server's death): the subscribers are called once things settle.
    void poke();

    struct State;

private:
    std::shared_ptr<State> mState;
};

/// The names in /dev/snd that are a sound card's: its PCM and control nodes.
bool isSoundCardNode(const std::string& name);

/// Whether `name` (in /dev/shm) is the request socket of the JACK server in use (JackServerWatch.h): not a
/// client's socket, which has the same shape (counting those made every initialization of PortAudio a change).
bool isJackServerSocket(const std::string& name);

}  // namespace adm
