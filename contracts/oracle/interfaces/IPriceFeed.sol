// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IPriceFeed
/// @notice A Chainlink-style price feed whose answer the sandbox admin sets, one round per update.
/// @dev The events are Chainlink's (from its `AggregatorInterface`), so tools that watch real feeds
///      decode ours, and a bot that sees a pending `updateAnswer` can act on the new price.
interface IPriceFeed is AggregatorV3Interface {
    /// @notice The answer must be strictly positive.
    error InvalidPrice(int256 answer);

    /// @notice No round with this id exists yet.
    error RoundNotFound(uint80 roundId);

    /// @notice Round `roundId` got the answer `current` at `updatedAt`.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    /// @notice Round `roundId` was started by `startedBy` at `startedAt`.
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    /// @notice Starts a new round whose answer is `answer`, updated now. Owner only.
    function updateAnswer(int256 answer) external;

    /// @notice The latest round's answer (Chainlink's legacy `latestAnswer`).
    function latestAnswer() external view returns (int256);
}
