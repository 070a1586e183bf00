// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IAmmPair} from "../dex/interfaces/IAmmPair.sol";
import {UQ112x112} from "../dex/libraries/UQ112x112.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IDexTwapOracle} from "./interfaces/IDexTwapOracle.sol";

/// @title DexTwapOracle
/// @notice The time-weighted average price of a token on one AmmPair over the last `windowBlocks` blocks,
///         answered as a Chainlink feed (USD, 8 decimals; the quote token counts as one dollar).
/// @dev How it averages. The pair keeps a price accumulator (Uniswap V2's `price0CumulativeLast`): at the
///      first trade of each block it adds the price the block opened with × the seconds since the last
///      update. Between two moments, the accumulator's difference divided by the seconds between them is
///      the average price, each price weighted by how long it held. `update()` records the accumulator
///      once a block in a ring of `windowBlocks + 1` observations; a read in block T divides the growth
///      since the observation of block T − windowBlocks by the seconds since it.
///
///      Why a longer window resists manipulation. A price counts only once time has passed at it: a trade
///      in this block has held for 0 seconds, so nothing done inside a block (a flash loan included)
///      moves this block's answer, and the order of transactions in a block does not matter. A price
///      that holds for one block weighs 1/windowBlocks of the answer: moving the answer by x% takes
///      holding the pool x%·windowBlocks away for one block, or x% away for all windowBlocks blocks,
///      against every arbitrageur who buys the dip back. The price a short window follows at once, a
///      long one follows slowly: it resists a one-block dip, but a lasting move still comes through.
contract DexTwapOracle is IDexTwapOracle {
    using UQ112x112 for uint224;

    /// @dev One record of the pair's accumulator.
    struct Observation {
        uint64 blockNumber;
        uint32 timestamp;
        uint256 priceCumulative;
    }

    /// @notice Decimals of the answer: USD with 8, like Chainlink's USD feeds.
    uint8 public constant DECIMALS = 8;

    /// @notice The longest window: a read searches `windowBlocks + 1` observations.
    uint16 public constant MAX_WINDOW_BLOCKS = 256;

    /// @inheritdoc IDexTwapOracle
    address public immutable pair;
    /// @inheritdoc IDexTwapOracle
    address public immutable baseToken;
    /// @inheritdoc IDexTwapOracle
    address public immutable quoteToken;
    /// @inheritdoc IDexTwapOracle
    uint16 public immutable windowBlocks;
    /// @inheritdoc IDexTwapOracle
    uint256 public observationCount;

    bool private immutable _baseIsToken0;
    /// @dev 10^baseDecimals × 10^8 / 10^quoteDecimals, as a fraction: scales a price in base units to USD.
    uint256 private immutable _scaleNumerator;
    uint256 private immutable _scaleDenominator;
    string private _description;
    /// @dev Observation number i lives in slot i % (windowBlocks + 1).
    mapping(uint256 slot => Observation) private _ring;

    constructor(address pair_, address baseToken_, uint16 windowBlocks_, string memory description_) {
        if (windowBlocks_ == 0 || windowBlocks_ > MAX_WINDOW_BLOCKS) revert InvalidWindow(windowBlocks_);
        address token0 = IAmmPair(pair_).token0();
        address token1 = IAmmPair(pair_).token1();
        if (baseToken_ != token0 && baseToken_ != token1) revert TokenNotInPair(pair_, baseToken_);
        (uint112 reserve0, uint112 reserve1,) = IAmmPair(pair_).getReserves();
        if (reserve0 == 0 || reserve1 == 0) revert PairWithoutReserves(pair_);

        pair = pair_;
        baseToken = baseToken_;
        quoteToken = baseToken_ == token0 ? token1 : token0;
        windowBlocks = windowBlocks_;
        _baseIsToken0 = baseToken_ == token0;
        _scaleNumerator = 10 ** (uint256(IERC20Metadata(baseToken_).decimals()) + DECIMALS);
        _scaleDenominator = uint256(UQ112x112.Q112) * 10 ** uint256(IERC20Metadata(quoteToken).decimals());
        _description = description_;
        _record();
    }

    // ═════════════════════════════ keeping ═════════════════════════════

    /// @inheritdoc IDexTwapOracle
    function update() external {
        if (_observation(observationCount - 1).blockNumber == block.number) return;
        _record();
    }

    // ═════════════════════════════ reading ═════════════════════════════

    /// @inheritdoc IDexTwapOracle
    function averageAt(uint256 blockNumber, uint256 timestamp) external view returns (int256 price) {
        if (blockNumber < block.number || timestamp < block.timestamp) {
            revert AverageInThePast(blockNumber, timestamp);
        }
        (price,) = _averageAt(blockNumber, timestamp);
    }

    /// @inheritdoc AggregatorV3Interface
    /// @dev The answer is this block's average; `startedAt` is when its window began, `updatedAt` now.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _latestRound();
    }

    /// @inheritdoc AggregatorV3Interface
    /// @dev Only the latest round: a past average is not kept.
    function getRoundData(uint80 roundId_)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (roundId_ != observationCount) revert RoundNotFound(roundId_);
        return _latestRound();
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external pure returns (uint8) {
        return DECIMALS;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    // ═════════════════════════════ internals ═════════════════════════════

    // records the accumulator at this block's timestamp as the next observation
    function _record() private {
        uint256 index = observationCount;
        (uint256 priceCumulative,) = _cumulativeAt(block.timestamp);
        _ring[index % (uint256(windowBlocks) + 1)] =
            Observation(uint64(block.number), uint32(block.timestamp), priceCumulative);
        observationCount = index + 1;
        emit ObservationRecorded(index, block.number, block.timestamp, priceCumulative);
    }

    // returns this block's average as Chainlink's round tuple (the round: the observations recorded so far)
    function _latestRound() private view returns (uint80, int256, uint256, uint256, uint80) {
        (int256 answer, uint256 startedAt) = _averageAt(block.number, block.timestamp);
        uint80 roundId = uint80(observationCount);
        return (roundId, answer, startedAt, block.timestamp, roundId);
    }

    // returns the average a block numbered `blockNumber` at `timestamp` reads, and when its window began
    function _averageAt(uint256 blockNumber, uint256 timestamp) private view returns (int256, uint256) {
        Observation memory start = _windowStart(blockNumber);
        (uint256 priceCumulative, uint256 spotQ112) = _cumulativeAt(timestamp);
        // no time has passed since the window began (the oracle was deployed in this block): the price now
        if (timestamp == start.timestamp) return (int256(_toUsd(spotQ112)), start.timestamp);
        uint256 averageQ112;
        // the accumulator and the timestamps wrap around, as the pair's do: their differences stay right
        unchecked {
            averageQ112 = (priceCumulative - start.priceCumulative) / (uint32(timestamp) - start.timestamp);
        }
        return (int256(_toUsd(averageQ112)), start.timestamp);
    }

    // returns the pair's accumulator for the base token as it stands at `timestamp` (now or later) if
    // nothing trades before: the stored value plus the current price × the seconds since the pair stored
    // it; and the current price (UQ112x112, quote base units per base base unit)
    function _cumulativeAt(uint256 timestamp) private view returns (uint256 priceCumulative, uint256 spotQ112) {
        IAmmPair amm = IAmmPair(pair);
        (uint112 reserve0, uint112 reserve1, uint32 lastUpdate) = amm.getReserves();
        (uint112 baseReserve, uint112 quoteReserve) = _baseIsToken0 ? (reserve0, reserve1) : (reserve1, reserve0);
        spotQ112 = UQ112x112.encode(quoteReserve).uqdiv(baseReserve);
        priceCumulative = _baseIsToken0 ? amm.price0CumulativeLast() : amm.price1CumulativeLast();
        unchecked {
            priceCumulative += spotQ112 * (uint32(timestamp) - lastUpdate);
        }
    }

    // returns the observation the average of block `blockNumber` starts from: the newest one recorded at
    // least `windowBlocks` blocks before it (binary search: observations are in block order), or the oldest
    // kept when there is none yet (right after deployment: a shorter window)
    function _windowStart(uint256 blockNumber) private view returns (Observation memory) {
        uint256 target = blockNumber > windowBlocks ? blockNumber - windowBlocks : 0;
        uint256 kept = Math.min(observationCount, uint256(windowBlocks) + 1);
        uint256 low = observationCount - kept;
        uint256 high = observationCount - 1;
        if (_observation(low).blockNumber > target) return _observation(low);
        // invariant: observation `low` is at or before the target
        while (low < high) {
            uint256 mid = (low + high + 1) / 2;
            if (_observation(mid).blockNumber <= target) low = mid;
            else high = mid - 1;
        }
        return _observation(low);
    }

    // returns observation number `index` (one of the last windowBlocks + 1)
    function _observation(uint256 index) private view returns (Observation memory) {
        return _ring[index % (uint256(windowBlocks) + 1)];
    }

    // returns a UQ112x112 price (quote base units per base base unit) in USD with 8 decimals, rounded to
    // the nearest: the accumulator's own rounding down would read an exact $2,000 as $1,999.99999999
    function _toUsd(uint256 priceQ112) private view returns (uint256) {
        uint256 usd = Math.mulDiv(priceQ112, _scaleNumerator, _scaleDenominator);
        uint256 remainder = mulmod(priceQ112, _scaleNumerator, _scaleDenominator);
        return remainder >= _scaleDenominator - remainder ? usd + 1 : usd;
    }
}
