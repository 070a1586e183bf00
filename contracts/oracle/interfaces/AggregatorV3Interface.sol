// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title AggregatorV3Interface
/// @notice Chainlink's price feed interface, unchanged, so any Chainlink-aware tool or bot reads our feeds.
/// @dev The name keeps Chainlink's spelling (no `I` prefix) on purpose.
// solhint-disable-next-line interface-starts-with-i
interface AggregatorV3Interface {
    /// @notice Number of decimals of `answer` (8 for Chainlink's USD feeds).
    function decimals() external view returns (uint8);

    /// @notice What the feed prices, for example "ETH / USD".
    function description() external view returns (string memory);

    /// @notice Version of the aggregator contract.
    function version() external view returns (uint256);

    /// @notice The answer of round `_roundId` and when it was started and updated.
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The latest round's answer and when it was started and updated.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
