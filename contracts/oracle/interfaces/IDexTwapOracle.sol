// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IDexTwapOracle
/// @notice A Chainlink-style feed whose answer is a DEX's price, averaged over time: the time-weighted
///         average price (TWAP) of one token of an AmmPair (Uniswap V2) in the other, over the last
///         `windowBlocks` blocks, in USD with 8 decimals (the quote token counts as one dollar: USDC).
/// @dev A lending pool reads it through `AggregatorV3Interface`, as it reads any feed. Anyone may call
///      `update()`; a keeper calls it once a block so that the average always has its window.
interface IDexTwapOracle is AggregatorV3Interface {
    /// @notice The average needs a window of at least one block.
    error InvalidWindow(uint16 windowBlocks);

    /// @notice `token` is not one of the pair's two tokens.
    error TokenNotInPair(address pair, address token);

    /// @notice The pair holds no reserves yet: it has no price to average.
    error PairWithoutReserves(address pair);

    /// @notice `blockNumber` and `timestamp` must not be in the past.
    error AverageInThePast(uint256 blockNumber, uint256 timestamp);

    /// @notice Only the latest round exists: a TWAP is computed when read, past rounds are not kept.
    error RoundNotFound(uint80 roundId);

    /// @notice Observation number `index` recorded the pair's price accumulator `priceCumulative` in
    ///         block `blockNumber`, at `timestamp`.
    event ObservationRecorded(
        uint256 indexed index, uint256 indexed blockNumber, uint256 timestamp, uint256 priceCumulative
    );

    /// @notice Records this block's observation of the pair's price accumulator; once a block at most.
    /// @dev Where in the block it runs does not matter: the accumulator at this block's timestamp counts
    ///      only the prices of earlier blocks (see `averageAt`).
    function update() external;

    /// @notice The average price a block numbered `blockNumber` with timestamp `timestamp` reads, if
    ///         nothing trades on the pair before it: `latestRoundData` in that block.
    /// @dev For readers ahead of time: a liquidator computes the next block's price from the state now.
    ///      `blockNumber` and `timestamp` must be at least the current block's.
    /// @return price USD with 8 decimals.
    function averageAt(uint256 blockNumber, uint256 timestamp) external view returns (int256 price);

    /// @notice The AmmPair whose price is averaged.
    function pair() external view returns (address);

    /// @notice The token priced (WETH), and the token it is priced in (USDC, counted as one dollar).
    function baseToken() external view returns (address);

    /// @notice See `baseToken`.
    function quoteToken() external view returns (address);

    /// @notice How many blocks the average spans.
    function windowBlocks() external view returns (uint16);

    /// @notice How many observations were recorded so far (the constructor records the first).
    function observationCount() external view returns (uint256);
}
