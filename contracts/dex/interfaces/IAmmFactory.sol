// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IAmmFactory
/// @notice Creates one constant-product pair per token pair and remembers it, as Uniswap V2's factory.
/// @dev Every pair of a factory charges the same swap fee, fixed when the factory is deployed.
///      There is no protocol fee (`feeTo`): all of the swap fee goes to liquidity providers.
interface IAmmFactory {
    /// @notice Both tokens of a pair are the same token.
    error IdenticalAddresses();

    /// @notice One of the tokens is the zero address.
    error ZeroAddress();

    /// @notice The factory already has a pair for these two tokens.
    error PairExists();

    /// @notice The swap fee asked for at deployment is above the cap.
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);

    /// @notice A pair for `token0` and `token1` (sorted by address) was created at `pair`;
    ///         the last value is the number of pairs so far. Same signature as Uniswap V2's.
    event PairCreated(address indexed token0, address indexed token1, address pair, uint256);

    /// @notice The DEX's name as shown to learners, e.g. "UniLike".
    function name() external view returns (string memory);

    /// @notice Swap fee of every pair of this factory, in basis points (30 = 0.30%, as Uniswap V2).
    function swapFeeBps() external view returns (uint256);

    /// @notice The pair of `tokenA` and `tokenB` (either order), or the zero address if there is none.
    function getPair(address tokenA, address tokenB) external view returns (address pair);

    /// @notice The `index`-th pair created.
    function allPairs(uint256 index) external view returns (address pair);

    /// @notice How many pairs this factory created.
    function allPairsLength() external view returns (uint256);

    /// @notice Deploys the pair of `tokenA` and `tokenB` with CREATE2 (salt: keccak256 of the sorted tokens).
    function createPair(address tokenA, address tokenB) external returns (address pair);
}
