// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AmmPair} from "./AmmPair.sol";
import {IAmmFactory} from "./interfaces/IAmmFactory.sol";
import {IAmmPair} from "./interfaces/IAmmPair.sol";

/// @title AmmFactory
/// @notice Deploys and lists the pairs of one DEX, as Uniswap V2's factory.
/// @dev Unlike Uniswap V2 there is no protocol fee (no `feeTo` / `feeToSetter`): the whole swap fee
///      stays in the pools for liquidity providers. Two factories with different fees make two DEXes
///      whose prices can drift apart, which is what arbitrage bots look for.
contract AmmFactory is IAmmFactory {
    /// @notice The highest swap fee a factory accepts: 1000 bps = 10%.
    uint256 public constant MAX_FEE_BPS = 1_000;

    /// @inheritdoc IAmmFactory
    uint256 public immutable swapFeeBps;

    /// @inheritdoc IAmmFactory
    string public name;

    /// @inheritdoc IAmmFactory
    mapping(address tokenA => mapping(address tokenB => address pair)) public getPair;

    /// @inheritdoc IAmmFactory
    address[] public allPairs;

    constructor(string memory name_, uint256 swapFeeBps_) {
        if (swapFeeBps_ > MAX_FEE_BPS) revert FeeTooHigh(swapFeeBps_, MAX_FEE_BPS);
        name = name_;
        swapFeeBps = swapFeeBps_;
    }

    /// @inheritdoc IAmmFactory
    function allPairsLength() external view returns (uint256) {
        return allPairs.length;
    }

    /// @inheritdoc IAmmFactory
    function createPair(address tokenA, address tokenB) external returns (address pair) {
        if (tokenA == tokenB) revert IdenticalAddresses();
        (address token0, address token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert ZeroAddress();
        if (getPair[token0][token1] != address(0)) revert PairExists();
        // The salt makes the address depend only on this factory and the two tokens.
        bytes32 salt = keccak256(abi.encodePacked(token0, token1));
        pair = address(new AmmPair{salt: salt}());
        IAmmPair(pair).initialize(token0, token1);
        getPair[token0][token1] = pair;
        getPair[token1][token0] = pair;
        allPairs.push(pair);
        emit PairCreated(token0, token1, pair, allPairs.length);
    }
}
