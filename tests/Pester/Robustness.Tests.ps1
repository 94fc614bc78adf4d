# Why Pester: the claims are about a whole pwsh process (a GC heap limit set before it starts, and the shell still
# usable after the error), which a hosted runspace inside the test process cannot have.
# Issue 15: a tensor larger than the memory the process can get is the module's InsufficientMemory error, not a raw
# System.OutOfMemoryException, and the next command in the same shell works.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Memory exhaustion' {
    It 'a tensor beyond DOTNET_GCHeapHardLimit is InsufficientMemory, and the shell goes on' {
        $script = @"
Import-Module '$script:ModulePath'
try {
    New-Initializer RandomNormal -Seed 1 | New-Tensor -Shape 300000000 -DType float64 -ErrorAction Stop
    'no error'
}
catch {
    'id=' + `$_.FullyQualifiedErrorId
    'category=' + `$_.CategoryInfo.Category
    'message=' + `$_.Exception.Message
    'type=' + `$_.Exception.GetType().Name
}
'next=' + (New-Initializer RandomNormal -Seed 1 | New-Tensor -Shape 3).Count
"@
        $saved = $env:DOTNET_GCHeapHardLimit
        $env:DOTNET_GCHeapHardLimit = '0x60000000'   # 1.5 GiB; the tensor needs 2.4 GB
        try { $run = Invoke-FreshPwsh $script }
        finally { $env:DOTNET_GCHeapHardLimit = $saved }
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Contain 'id=InsufficientMemory,Initializers.PowerShell.Commands.NewTensorCommand'
        $run.Output | Should -Contain 'category=ResourceUnavailable'
        $run.Output | Should -Contain 'type=InitializerException'
        # The message names the bytes needed (300e6 x 8) and what the process could get (less than the 1.5 GiB limit).
        $message = $run.Output | Where-Object { $_ -like 'message=*' }
        $message | Should -Match 'needs 2,400,000,000 bytes'
        $message | Should -Match 'can get only [0-9,]+ bytes more'
        [long](($message -replace '^.*can get only ([0-9,]+) bytes.*$', '$1') -replace ',', '') | Should -BeLessThan 0x60000000
        $run.Output | Should -Contain 'next=3'
    }
}
