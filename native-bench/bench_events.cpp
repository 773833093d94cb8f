// Native side of the event path, side by side with baseline (b), a mutex + condition variable queue:
// publish cost on the producer, publish-to-consumer latency with an idle (sleeping) consumer, and
// sustained throughput. Usage: bench_events [events]. Results: docs/benchmarks.md.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "MonotonicClock.h"
#include "EventHub.h"
#include "MutexQueue.h"
#include "Timing.h"

using adm::EventHub;
using adm::EventRecord;
using adm::bench::MutexQueue;

namespace {

constexpr std::size_t kCapacity = 4096;
constexpr std::size_t kBatch = 256;
constexpr int64_t kIdleGapNanos = 50'000;  // long enough for the consumer to go to sleep

void printCost(const char* name, std::vector<double>& nanos) {
    const double p50 = adm::bench::percentile(nanos, 50);  // sorts: max is back() only after this
    std::printf("%-40s p50 %8.1f  p99 %8.1f  p99.99 %9.1f  max %10.1f ns  (n=%zu)\n", name, p50,
                adm::bench::percentile(nanos, 99), adm::bench::percentile(nanos, 99.99), nanos.back(), nanos.size());
}

void printLatency(const char* name, std::vector<double>& nanos) {
    const double p50 = adm::bench::percentile(nanos, 50);
    std::printf("%-40s p50 %8.1f  p99 %8.1f  p99.9 %9.1f  max %10.1f us (n=%zu)\n", name, p50 / 1e3,
                adm::bench::percentile(nanos, 99) / 1e3, adm::bench::percentile(nanos, 99.9) / 1e3,
                nanos.back() / 1e3, nanos.size());
}

/// A consumer thread that drains into a sink until stopped; `Queue` is EventHub or MutexQueue.
template <typename Queue, typename Sink>
std::thread consume(Queue& queue, std::atomic<bool>& stop, Sink sink) {
    return std::thread([&queue, &stop, sink]() mutable {
        std::vector<EventRecord> batch(kBatch);
        while (!stop.load(std::memory_order_acquire)) {
            queue.await(100'000'000);
            std::size_t n;
            while ((n = queue.drain(batch.data(), kBatch)) > 0) {
                sink(batch.data(), n);
            }
        }
    });
}

template <typename Queue, typename Publish>
void measure(const char* name, Queue& queue, Publish publish, int events, bool spaced) {
    const double nsPerTick = adm::bench::nanosPerTick();
    std::vector<double> cost;
    cost.reserve(static_cast<std::size_t>(events));
    std::vector<double> latency;
    latency.reserve(static_cast<std::size_t>(events));
    std::atomic<int64_t> received{0};
    std::atomic<bool> stop{false};
    std::thread consumer = consume(queue, stop, [&](EventRecord* records, std::size_t n) {
        const int64_t now = adm::monotonicNanos();
        for (std::size_t i = 0; i < n; ++i) {
            if (spaced) {
                latency.push_back(static_cast<double>(now - records[i].firstNanos));
            }
        }
        received.fetch_add(static_cast<int64_t>(n), std::memory_order_release);
    });
    EventRecord record;
    int64_t published = 0;
    for (int i = 0; i < events; ++i) {
        if (spaced) {
            adm::bench::spinFor(kIdleGapNanos);
        }
        record.value = i;
        record.firstNanos = adm::monotonicNanos();
        const uint64_t t0 = adm::bench::ticks();
        const bool ok = publish(queue, record);
        const uint64_t t1 = adm::bench::ticks();
        cost.push_back(static_cast<double>(t1 - t0) * nsPerTick);
        published += ok ? 1 : 0;
    }
    while (received.load(std::memory_order_acquire) < published) {
        std::this_thread::yield();
    }
    stop.store(true, std::memory_order_release);
    queue.wake();
    consumer.join();
    printCost((std::string(name) + (spaced ? " idle consumer" : " busy consumer")).c_str(), cost);
    if (spaced) {
        printLatency((std::string(name) + " publish->consumer").c_str(), latency);
    }
}

template <typename Queue, typename Publish>
void throughput(const char* name, Queue& queue, Publish publish, int64_t events) {
    std::atomic<int64_t> received{0};
    std::atomic<bool> stop{false};
    std::thread consumer = consume(queue, stop, [&](EventRecord*, std::size_t n) {
        received.fetch_add(static_cast<int64_t>(n), std::memory_order_release);
    });
    EventRecord record;
    const int64_t start = adm::monotonicNanos();
    for (int64_t i = 0; i < events; ++i) {
        record.value = i;
        while (!publish(queue, record)) {
            std::this_thread::yield();  // back-pressure, so the consumer sets the pace
        }
    }
    while (received.load(std::memory_order_acquire) < events) {
        std::this_thread::yield();
    }
    const double seconds = static_cast<double>(adm::monotonicNanos() - start) / 1e9;
    stop.store(true, std::memory_order_release);
    queue.wake();
    consumer.join();
    std::printf("%-38s %8.2f M events/s\n", name, static_cast<double>(events) / seconds / 1e6);
}

struct HubAdapter {
    EventHub hub{kCapacity};
    void await(int64_t t) { hub.await(t); }
    std::size_t drain(EventRecord* out, std::size_t max) { return hub.drain(out, max); }
    void wake() { hub.wakeConsumer(); }
};

}  // namespace

int main(int argc, char** argv) {
    const int events = argc > 1 ? std::atoi(argv[1]) : 200'000;
    std::printf("timer: %.3f ns per tick; %d events per run; idle gap %lld ns\n", adm::bench::nanosPerTick(), events,
                static_cast<long long>(kIdleGapNanos));
    auto ringNoWake = [](HubAdapter& q, const EventRecord& r) { return q.hub.tryPublish(r, adm::EventHub::Wake::Later); };
    auto ringWake = [](HubAdapter& q, const EventRecord& r) { return q.hub.tryPublish(r, adm::EventHub::Wake::Now); };
    auto mutexPublish = [](MutexQueue& q, const EventRecord& r) { return q.publish(r); };
    {
        HubAdapter hub;
        measure("ring publish(wake=false)", hub, ringNoWake, events, false);
    }
    {
        HubAdapter hub;
        measure("ring publish(wake=true)", hub, ringWake, events, false);
    }
    {
        MutexQueue queue(kCapacity);
        measure("mutex+cv publish", queue, mutexPublish, events, false);
    }
    const int spacedEvents = std::min(events, 20'000);
    {
        HubAdapter hub;
        measure("ring publish(wake=true)", hub, ringWake, spacedEvents, true);
    }
    {
        MutexQueue queue(kCapacity);
        measure("mutex+cv publish", queue, mutexPublish, spacedEvents, true);
    }
    const int64_t many = 20'000'000;
    {
        HubAdapter hub;
        throughput("ring throughput (wake=true)", hub, ringWake, many);
    }
    {
        MutexQueue queue(kCapacity);
        throughput("mutex+cv throughput", queue, mutexPublish, many);
    }
    return 0;
}
