// RealFft (the howling detector's spectrum) against a direct DFT in double precision, for every size
// from 16 to 4096 (odd and even numbers of radix-4 stages), with and without a window; the same in two
// calls (begin, finish).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "detectors/Fft.h"

using namespace adm;

namespace {

std::vector<double> directPower(const std::vector<float>& x) {
    const std::size_t n = x.size();
    const double pi = std::acos(-1.0);
    std::vector<double> power(n / 2 + 1);
    for (std::size_t k = 0; k <= n / 2; ++k) {
        double re = 0, im = 0;
        for (std::size_t t = 0; t < n; ++t) {
            const double angle = 2 * pi * static_cast<double>((k * t) % n) / static_cast<double>(n);
            re += static_cast<double>(x[t]) * std::cos(angle);
            im -= static_cast<double>(x[t]) * std::sin(angle);
        }
        power[k] = re * re + im * im;
    }
    return power;
}

void expectClose(const std::vector<float>& got, const std::vector<double>& want) {
    double peak = 0;
    for (double p : want) {
        peak = std::max(peak, p);
    }
    for (std::size_t k = 0; k < want.size(); ++k) {
        // float arithmetic: errors relative to the strongest bin, plus a relative bound on each bin
        EXPECT_NEAR(static_cast<double>(got[k]), want[k], 2e-6 * peak + 1e-4 * want[k]) << "bin " << k;
    }
}

class RealFftSizes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(RealFftSizes, matchesADirectDftOfNoiseAndTones) {
    const std::size_t n = GetParam();
    RealFft fft(n);
    ASSERT_EQ(fft.size(), n);
    std::mt19937 random(static_cast<unsigned>(n));
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    std::vector<float> x(n);
    for (std::size_t t = 0; t < n; ++t) {
        x[t] = 0.5f * uniform(random) +
               0.3f * static_cast<float>(std::sin(2 * 3.141592653589793 * 5.3 * static_cast<double>(t) / static_cast<double>(n)));
    }
    std::vector<float> power(n / 2 + 1);
    fft.powerSpectrum(x.data(), power.data());
    expectClose(power, directPower(x));

    std::vector<float> window(n);
    std::vector<float> windowed(n);
    for (std::size_t t = 0; t < n; ++t) {
        window[t] = static_cast<float>(0.5 - 0.5 * std::cos(2 * 3.141592653589793 * static_cast<double>(t) / static_cast<double>(n)));
        windowed[t] = x[t] * window[t];
    }
    fft.powerSpectrum(x.data(), window.data(), power.data());
    expectClose(power, directPower(windowed));
}

INSTANTIATE_TEST_SUITE_P(PowersOfTwo, RealFftSizes, ::testing::Values(16, 32, 64, 128, 256, 512, 1024, 2048, 4096));

TEST(RealFft, sineFallsInItsBin) {
    RealFft fft(512);
    std::vector<float> x(512);
    for (std::size_t t = 0; t < x.size(); ++t) {
        x[t] = static_cast<float>(std::cos(2 * 3.141592653589793 * 32 * static_cast<double>(t) / 512));
    }
    std::vector<float> power(257);
    fft.powerSpectrum(x.data(), power.data());
    EXPECT_NEAR(power[32], 256.0 * 256.0, 1.0);
    EXPECT_LT(power[31], 1e-3);
    EXPECT_LT(power[33], 1e-3);
}

// begin() then finish() is the windowed powerSpectrum() bit for bit, and begin() is done with the input:
// the howling detector overwrites it (the next hop's samples) before finish().
TEST(RealFft, beginThenFinishIsTheSpectrumOfWhatBeginRead) {
    for (std::size_t n : {16u, 512u, 1024u}) {
        RealFft whole(n);
        RealFft split(n);
        std::mt19937 random(static_cast<unsigned>(n) + 1);
        std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
        std::vector<float> x(n);
        std::vector<float> window(n);
        for (std::size_t t = 0; t < n; ++t) {
            x[t] = uniform(random);
            window[t] = uniform(random);
        }
        std::vector<float> expected(n / 2 + 1);
        whole.powerSpectrum(x.data(), window.data(), expected.data());
        split.begin(x.data(), window.data());
        std::fill(x.begin(), x.end(), 0.5f);
        std::vector<float> power(n / 2 + 1);
        split.finish(power.data());
        EXPECT_EQ(power, expected) << n;
    }
}

TEST(RealFft, rejectsSizesThatAreNotPowersOfTwoInRange) {
    EXPECT_THROW(RealFft(8), std::invalid_argument);
    EXPECT_THROW(RealFft(48), std::invalid_argument);
    EXPECT_THROW(RealFft(131072), std::invalid_argument);
}

}  // namespace
