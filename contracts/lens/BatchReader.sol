// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title BatchReader
/// @notice Many view calls in one `eth_call`. Never deployed: the sandbox gives an unused address its
///         code for the length of one call (a state override), so reading a hundred balances costs
///         one round trip to the node instead of a hundred.
contract BatchReader {
    /// @notice A view call to make; an empty `data` reads `target`'s ETH balance instead.
    struct Read {
        address target;
        bytes data;
    }

    /// @notice Read number `index` reverted, with `reason` (the call's revert data).
    error ReadFailed(uint256 index, bytes reason);

    /// @notice What each read returns, in order; an ETH balance as one abi-encoded uint256.
    function read(Read[] calldata reads) external view returns (bytes[] memory results) {
        results = new bytes[](reads.length);
        for (uint256 i = 0; i < reads.length; i++) {
            if (reads[i].data.length == 0) {
                results[i] = abi.encode(reads[i].target.balance);
                continue;
            }
            (bool ok, bytes memory result) = reads[i].target.staticcall(reads[i].data);
            if (!ok) revert ReadFailed(i, result);
            results[i] = result;
        }
    }
}
