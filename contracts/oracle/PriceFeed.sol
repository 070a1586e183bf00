// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IPriceFeed} from "./interfaces/IPriceFeed.sol";

/// @title PriceFeed
/// @notice A Chainlink-style feed for one price (USD with 8 decimals, like Chainlink's USD feeds).
/// @dev The owner (the sandbox admin) moves the price; every update is a new round, answered at once,
///      so `answeredInRound == roundId`. Round ids start at 1.
contract PriceFeed is IPriceFeed, Ownable {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    uint8 private immutable _decimals;
    string private _description;
    uint80 private _latestRoundId;
    mapping(uint80 roundId => Round) private _rounds;

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer, address owner_)
        Ownable(owner_)
    {
        _decimals = decimals_;
        _description = description_;
        _startRound(initialAnswer);
    }

    /// @inheritdoc IPriceFeed
    function updateAnswer(int256 answer) external onlyOwner {
        _startRound(answer);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId_)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (roundId_ == 0 || roundId_ > _latestRoundId) revert RoundNotFound(roundId_);
        return _roundData(roundId_);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _roundData(_latestRoundId);
    }

    /// @inheritdoc IPriceFeed
    function latestAnswer() external view returns (int256) {
        return _rounds[_latestRoundId].answer;
    }

    // opens the next round with `answer`, answered in the same block
    function _startRound(int256 answer) private {
        if (answer <= 0) revert InvalidPrice(answer);
        uint80 roundId = ++_latestRoundId;
        _rounds[roundId] = Round(answer, block.timestamp, block.timestamp);
        emit NewRound(roundId, msg.sender, block.timestamp);
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }

    // returns round `roundId` in Chainlink's tuple order
    function _roundData(uint80 roundId) private view returns (uint80, int256, uint256, uint256, uint80) {
        Round storage round = _rounds[roundId];
        return (roundId, round.answer, round.startedAt, round.updatedAt, roundId);
    }
}
