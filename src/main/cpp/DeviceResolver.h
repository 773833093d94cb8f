// Where a stream's configuration is checked and its device found, once, for init and for the format
// probe: a name, an index, the default device, or the loopback rule (a JACK device wires what plays).
#pragma once

#include "Backend.h"
#include "DeviceInfo.h"
#include "Status.h"
#include "StreamConfig.h"
#include "StreamKind.h"

namespace adm {

/// A configuration whose device was found: what to ask of the backend, and the device it will open.
struct ResolvedStream {
    StreamConfig config;    ///< as asked, with `device` set to the index found (and the name cleared)
    StreamRequest request;  ///< what the backend opens
    DeviceInfo device;      ///< the device as the backend lists it now
    HostKind host = HostKind::Other;  ///< the host family of that device
    /// Set whatever the outcome: the host lists no device that can do what the stream asks (record, or play out).
    bool noDeviceForDirection = false;
};

/// Whether `device` can record (`input`) or play out: it has channels in that direction.
bool serves(const DeviceInfo& device, bool input);

/// Whether any of `devices` can record (`input`) or play out.
bool servesAny(const std::vector<DeviceInfo>& devices, bool input);

class DeviceResolver {
public:
    explicit DeviceResolver(Backend& backend) : mBackend(backend) {}

    /**
     * Checks `requested` and finds its device. Errors: 2 a bad value or an index no device has;
     * 1008/1011/1022 no device of the direction at all, no device of that name, a device without
     * channels in that direction; 4 loopback on a default device that only JACK could wire.
     * Publishes nothing: the caller decides whether a failure is an event.
     */
    Status resolve(StreamKind kind, const StreamConfig& requested, ResolvedStream& out);

private:
    /// The device index of `config` for `kind`, or a failure; `devices` is the list at hand.
    Status findDevice(StreamKind kind, const StreamConfig& config, const std::vector<DeviceInfo>& devices,
                      int32_t& index);

    Backend& mBackend;
};

}  // namespace adm
